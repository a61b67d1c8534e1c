package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.support.kube.RealCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The receiver's permissions as the Helm chart renders them, applied to the real API server: its
 * ServiceAccount and ClusterRole (release {@code selfheal} in namespace {@value #NAMESPACE}), and
 * the chart's RoleBinding in each namespace a test lets it act in (the chart's
 * {@code rbac.namespaces}).
 */
final class ReceiverGrants {

    static final String NAMESPACE = "selfheal";
    static final String ACCOUNT = "selfheal-receiver";

    private ReceiverGrants() {
    }

    /** Applies the chart's ServiceAccount and ClusterRole; the account's token. */
    static String install(RealCluster cluster) {
        KubernetesClient k = cluster.admin();
        k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .createOr(NonDeletingOperation::update);
        for (HasMetadata o : rendered(Map.of())) {
            if (o instanceof ServiceAccount || o instanceof ClusterRole) {
                k.resource(o).createOr(NonDeletingOperation::update);
            }
        }
        return cluster.serviceAccountToken(NAMESPACE, ACCOUNT);
    }

    /** Binds the receiver in {@code namespace} with the chart's RoleBinding (rbac.namespaces: [namespace]). */
    static void bind(RealCluster cluster, String namespace) {
        List<RoleBinding> bindings = HelmChartTest.ofKind(rendered(Map.of("rbac.namespaces[0]", namespace)),
                RoleBinding.class);
        bindings.forEach(b -> cluster.admin().resource(b).createOr(NonDeletingOperation::update));
    }

    private static List<HasMetadata> rendered(Map<String, Object> set) {
        try {
            return HelmChartTest.objects(HelmChartTest.render("selfheal", NAMESPACE, set));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
