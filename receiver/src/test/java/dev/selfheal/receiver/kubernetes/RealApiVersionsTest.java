package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.support.kube.RealCluster;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kubernetes 1.20's API versions, on the real API server: HorizontalPodAutoscalers are
 * autoscaling/v2beta2 (no v2), Eviction and PodDisruptionBudget policy/v1beta1 (no v1). scale raises
 * an HPA's minimum and evict-pod is refused under a disruption budget, then accepted once it allows.
 */
@ExtendWith(RequiresKube.class)
class RealApiVersionsTest {

    static final RealCluster CLUSTER = RealCluster.shared();

    @Test
    void kubernetes120ServesAutoscalingV2beta2AndPolicyV1beta1() {
        ApiVersions versions = new ApiVersions(CLUSTER.admin());
        assertThat(versions.horizontalPodAutoscalers().getVersion()).isEqualTo("v2beta2");
        assertThat(versions.evictionV1()).isFalse();
    }

    @Test
    void scaleRaisesTheMinimumOfAV2beta2Hpa() {
        String ns = CLUSTER.namespace("versions-hpa");
        KubernetesClient k = CLUSTER.admin();
        deployment(k, ns, "api", 2);
        k.autoscaling().v2beta2().horizontalPodAutoscalers().inNamespace(ns).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("api-hpa").endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(6)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("api")
                .endScaleTargetRef().endSpec().build()).create();
        Scale scale = new Scale(k, KubernetesActionsTest.GUARD);
        ActionOutcome raised = scale.apply(KubernetesActionsTest.request("scale-to", "episode-1",
                KubernetesActionsTest.on(ns, "api"), Map.of()));
        assertThat(raised.status()).as(raised.detail()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(raised.after()).isEqualTo("hpa/" + ns + "/api-hpa minReplicas=5");
        assertThat(k.autoscaling().v2beta2().horizontalPodAutoscalers().inNamespace(ns).withName("api-hpa").get()
                .getSpec().getMinReplicas()).isEqualTo(5);
        assertThat(scale.apply(KubernetesActionsTest.request("scale-to", "episode-1", KubernetesActionsTest.on(ns, "api"),
                Map.of())).status()).isEqualTo(ActionOutcome.Status.NOOP);
    }

    @Test
    void anEvictionIsRefusedWhileAV1beta1DisruptionBudgetHoldsAndAcceptedOnceItAllows() {
        String ns = CLUSTER.namespace("versions-pdb");
        KubernetesClient k = CLUSTER.admin();
        deployment(k, ns, "cart", 2);
        k.policy().v1beta1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("cart").endMetadata().withNewSpec().withMinAvailable(new IntOrString(2))
                .withNewSelector().addToMatchLabels("app", "cart").endSelector().endSpec().build()).create();
        List<Pod> pods = readyPods(k, ns, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> disruptionsAllowed(k, ns) == 0
                && healthy(k, ns) == 2);
        EvictPod evict = new EvictPod(k, KubernetesActionsTest.GUARD);
        String victim = pods.get(0).getMetadata().getName();
        ActionOutcome refused = evict.apply(KubernetesActionsTest.request("evict", "episode-2",
                Map.of("alertname", "X", "namespace", ns, "pod", victim), Map.of()));
        assertThat(refused.status()).as(refused.detail()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(refused.detail()).contains("PodDisruptionBudget");

        k.apps().deployments().inNamespace(ns).withName("cart").scale(3);
        readyPods(k, ns, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> disruptionsAllowed(k, ns) == 1);
        ActionOutcome evicted = evict.apply(KubernetesActionsTest.request("evict", "episode-3",
                Map.of("alertname", "X", "namespace", ns, "pod", victim), Map.of()));
        assertThat(evicted.status()).as(evicted.detail()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
    }

    static void deployment(KubernetesClient k, String ns, String name, int replicas) {
        k.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName(name)
                .addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec()
                .addNewContainer().withName(name).withImage(name + ":1").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    /** Waits for {@code count} pods and marks each Running and Ready (there is no kubelet). */
    static List<Pod> readyPods(KubernetesClient k, String ns, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> k.pods().inNamespace(ns).list().getItems().size() == count);
        List<Pod> pods = k.pods().inNamespace(ns).list().getItems();
        pods.forEach(p -> CLUSTER.runningAndReady(ns, p.getMetadata().getName()));
        return pods;
    }

    private static int disruptionsAllowed(KubernetesClient k, String ns) {
        var pdb = k.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("cart").get();
        return pdb.getStatus() == null || pdb.getStatus().getDisruptionsAllowed() == null ? -1
                : pdb.getStatus().getDisruptionsAllowed();
    }

    private static int healthy(KubernetesClient k, String ns) {
        var pdb = k.policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("cart").get();
        return pdb.getStatus() == null || pdb.getStatus().getCurrentHealthy() == null ? -1
                : pdb.getStatus().getCurrentHealthy();
    }
}
