package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import dev.selfheal.receiver.support.kube.RealCluster;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart against the real Kubernetes 1.20 API server. Installed by Helm (helm-java), which
 * reads the server's API versions: the PodDisruptionBudgets come out as policy/v1beta1, the only
 * version 1.20 serves, and every object of the default render is created. Each switch's render is
 * sent as a server-side dry run. 1.20 drops fields it does not know without an error, so what the
 * server answers is compared with what was sent, field by field. ServiceMonitor, PrometheusRule
 * and AlertmanagerConfig have no CRD here: they stay checked by {@link HelmChartTest} only. The
 * switches include PostgreSQL mode, so the scorer's headless Service, its replicas' store env and its
 * minAvailable budget are sent too.
 */
@ExtendWith(RequiresKube.class)
class RealChartTest {

    static final RealCluster CLUSTER = RealCluster.shared();
    /** The Prometheus Operator's kinds: no CRDs on this API server. */
    static final Set<String> CRD_KINDS = Set.of("ServiceMonitor", "PrometheusRule", "AlertmanagerConfig");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void helmInstallsTheDefaultRenderWithTheDisruptionBudgetsThisServerServes() throws IOException {
        String ns = CLUSTER.namespace("chart");
        KubernetesClient k = CLUSTER.admin();
        InstallCommand install = new Helm(HelmChartTest.CHART).install().withName("installed").withNamespace(ns)
                .withKubeConfigContents(CLUSTER.kubeconfig());
        assertThat(install.call().getStatus()).isEqualTo("deployed");

        List<HasMetadata> sent = HelmChartTest.objects(manifest(k, ns, "installed"));
        assertThat(sent).filteredOn(o -> o.getKind().equals("PodDisruptionBudget")).hasSize(2)
                .allSatisfy(pdb -> assertThat(pdb.getApiVersion()).isEqualTo("policy/v1beta1"));
        assertThat(sent).extracting(HasMetadata::getKind).contains("Deployment", "Service", "ConfigMap",
                "ServiceAccount", "ClusterRole", "NetworkPolicy", "PersistentVolumeClaim");
        for (HasMetadata object : sent) {
            HasMetadata stored = k.resource(object).inNamespace(ns).get();
            assertThat(stored).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
            assertThat(dropped(object, stored)).as(object.getKind() + " " + object.getMetadata().getName()
                    + ": fields the server dropped or changed").isEmpty();
        }
    }

    @ParameterizedTest(name = "accepted as sent: {0}")
    @MethodSource("dev.selfheal.receiver.kubernetes.HelmChartTest#switches")
    void everyObjectOfEachSwitchIsAcceptedByAServerSideDryRunAsSent(Map<String, Object> set) throws IOException {
        KubernetesClient k = CLUSTER.admin();
        for (String ns : List.of("shop", "cart")) { // the rbac.namespaces switch binds there
            if (k.namespaces().withName(ns).get() == null) {
                k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                        .create();
            }
        }
        // a release of its own: the cluster-scoped ClusterRole must not meet the installed one's name
        List<HasMetadata> objects = HelmChartTest.objects(HelmChartTest.render("dry", CLUSTER.namespace("chart-dry"), set));
        for (HasMetadata object : objects) {
            if (CRD_KINDS.contains(object.getKind())) {
                continue;
            }
            if (object.getKind().equals("PodDisruptionBudget")) {
                object.setApiVersion("policy/v1beta1"); // what the chart picks here (the test above)
            }
            HasMetadata answered = k.resource(object).dryRun().create();
            assertThat(dropped(object, answered)).as(object.getKind() + " " + object.getMetadata().getName()
                    + ": fields the server dropped or changed").isEmpty();
        }
    }

    /** The manifest Helm installed, from its release Secret (base64, gzip, JSON). */
    static String manifest(KubernetesClient k, String ns, String release) throws IOException {
        Secret secret = k.secrets().inNamespace(ns).withName("sh.helm.release.v1." + release + ".v1").get();
        byte[] gz = Base64.getDecoder().decode(Base64.getDecoder().decode(secret.getData().get("release")));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)).path("manifest").asText();
        }
    }

    /** The paths of what was sent that the server's answer lacks or has otherwise. */
    static List<String> dropped(HasMetadata sent, HasMetadata answered) {
        List<String> paths = new ArrayList<>();
        compare("", JSON.valueToTree(sent), JSON.valueToTree(answered), paths);
        return paths;
    }

    private static void compare(String path, JsonNode sent, JsonNode answered, List<String> paths) {
        if (answered == null || answered.isMissingNode() || answered.isNull()) {
            // the server leaves out false booleans (Go's omitempty), e.g. publishNotReadyAddresses: false
            if (!(sent.isNull() || (sent.isContainerNode() && sent.isEmpty()) || (sent.isBoolean() && !sent.asBoolean()))) {
                paths.add(path + " (dropped)");
            }
            return;
        }
        if (sent.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                compare(path + "/" + field.getKey(), field.getValue(), answered.get(field.getKey()), paths);
            }
        } else if (sent.isArray()) {
            if (sent.size() != answered.size()) {
                paths.add(path + " (" + sent.size() + " items sent, " + answered.size() + " answered)");
                return;
            }
            for (int i = 0; i < sent.size(); i++) {
                compare(path + "/" + i, sent.get(i), answered.get(i), paths);
            }
        } else if (!sent.asText().equals(answered.asText())) {
            paths.add(path + " (sent " + sent + ", answered " + answered + ")");
        }
    }
}
