package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.kube.RealCluster;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real control plane itself: its controllers make a Deployment's ReplicaSet and pods, and a
 * service account's token is a real identity that RBAC refuses until it is granted something.
 */
@ExtendWith(RequiresKube.class)
class RealControlPlaneTest {

    static final RealCluster CLUSTER = RealCluster.shared();

    @Test
    void aDeploymentGetsItsReplicaSetAndPods() {
        String ns = CLUSTER.namespace("plane");
        KubernetesClient k = CLUSTER.admin();
        k.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("web:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> k.pods().inNamespace(ns).list().getItems().size() == 2);
        assertThat(k.apps().replicaSets().inNamespace(ns).list().getItems()).hasSize(1);
        assertThat(k.getKubernetesVersion().getGitVersion()).startsWith("v1.20");
    }

    @Test
    void aServiceAccountWithoutGrantsIsRefused() {
        String ns = CLUSTER.namespace("plane");
        try (KubernetesClient nobody = CLUSTER.as(CLUSTER.serviceAccountToken(ns, "nobody"))) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> nobody.pods().inNamespace(ns).list(), KubernetesClientException.class).getCode())
                    .isEqualTo(403);
        }
    }
}
