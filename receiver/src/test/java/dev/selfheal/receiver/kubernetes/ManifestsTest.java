package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.playbook.ActionTypes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped manifests parse as Kubernetes objects, the receiver's ClusterRole grants exactly
 * the verbs the actions use, and no secret value is written in them.
 */
class ManifestsTest {

    static List<HasMetadata> all() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("../deploy/kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(f).split("(?m)^---$")) {
                    if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                        try (InputStream in = new java.io.ByteArrayInputStream(doc.getBytes())) {
                            Object o = Serialization.unmarshal(in);
                            if (o instanceof KubernetesList list) {
                                objects.addAll(list.getItems());
                            } else {
                                objects.add((HasMetadata) o);
                            }
                        }
                    }
                }
            }
        }
        return objects;
    }

    /** What a ClusterRole grants, as group/resource:verb. */
    static Set<String> grants(ClusterRole role) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }

    /** The union of the permissions every action type declares, as group/resource:verb. */
    static Set<String> declaredGrants() {
        Set<String> declared = new TreeSet<>();
        ActionTypes.all().values().forEach(t -> t.permissions().forEach(p -> declared.add(p.grant())));
        return declared;
    }

    @Test
    void theReceiverMayDoExactlyWhatItsActionsDo() throws IOException {
        ClusterRole role = all().stream().filter(o -> o instanceof ClusterRole).map(o -> (ClusterRole) o)
                .filter(r -> r.getMetadata().getName().equals("selfheal-receiver")).findFirst().orElseThrow();
        // exactly the union of what the action types declare: a new action widens it by its own grants
        Set<String> declared = declaredGrants();
        assertThat(grants(role)).isEqualTo(declared);
        assertThat(declared).contains("apps/deployments:patch", "/pods/eviction:create", "/pods:delete",
                "autoscaling/horizontalpodautoscalers:patch");
    }

    @Test
    void deploymentsRunAsNonRootAndReadSecretsFromSecrets() throws IOException {
        List<HasMetadata> objects = all();
        List<Deployment> deployments = objects.stream().filter(o -> o instanceof Deployment).map(o -> (Deployment) o).toList();
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("selfheal-receiver", "selfheal-scorer");
        for (Deployment d : deployments) {
            assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        }
        assertThat(objects).noneMatch(o -> o.getKind().equals("Secret"));
        assertThat(objects).anyMatch(o -> o.getKind().equals("ConfigMap"));
    }
}
