package dev.selfheal.receiver.kubernetes;

import static dev.selfheal.receiver.kubernetes.RealPipeline.WAIT;
import static dev.selfheal.receiver.kubernetes.RealPipeline.action;
import static dev.selfheal.receiver.kubernetes.RealPipeline.admin;
import static dev.selfheal.receiver.kubernetes.RealPipeline.alert;
import static dev.selfheal.receiver.kubernetes.RealPipeline.boundNamespace;
import static dev.selfheal.receiver.kubernetes.RealPipeline.deployment;
import static dev.selfheal.receiver.kubernetes.RealPipeline.pods;
import static dev.selfheal.receiver.kubernetes.RealPipeline.readyPods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.support.kube.RequiresKube;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2beta2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudgetBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * scale, evict-pod and delete-pod through the whole pipeline on the real API server (1.20:
 * HPAs autoscaling/v2beta2, disruption budgets policy/v1beta1), as the chart's ServiceAccount.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
@ExtendWith(RequiresKube.class)
class RealScaleAndPodsTest {

    @Test
    void scaleSetsTheReplicasAndTheReplicaSetMakesThePods() {
        String ns = boundNamespace("scale");
        deployment(ns, "cart", 1, "cart:1");
        readyPods(ns, "cart", 1);
        Map<String, Object> done = action(alert(Map.of("alertname", "RealScale", "namespace", ns, "deployment",
                "cart")), 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat(done.get("after")).isEqualTo("deployment/" + ns + "/cart replicas=3");
        await().atMost(WAIT).until(() -> pods(ns, "cart").size() == 3);
    }

    @Test
    void underAnHpaScaleRaisesItsMinReplicasAndLeavesTheDeploymentAlone() {
        String ns = boundNamespace("scale-hpa");
        deployment(ns, "api", 2, "api:1");
        admin().autoscaling().v2beta2().horizontalPodAutoscalers().inNamespace(ns).resource(
                new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("api").endMetadata().withNewSpec()
                        .withMinReplicas(2).withMaxReplicas(6).withNewScaleTargetRef().withApiVersion("apps/v1")
                        .withKind("Deployment").withName("api").endScaleTargetRef().endSpec().build()).create();
        Map<String, Object> done = action(alert(Map.of("alertname", "RealScale", "namespace", ns, "deployment",
                "api")), 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat(admin().autoscaling().v2beta2().horizontalPodAutoscalers().inNamespace(ns).withName("api").get()
                .getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(admin().apps().deployments().inNamespace(ns).withName("api").get().getSpec().getReplicas())
                .isEqualTo(2);
    }

    @Test
    void anEvictionIsAcceptedAndTheReplicaSetReplacesThePod() {
        String ns = boundNamespace("evict");
        deployment(ns, "web", 2, "web:1");
        String victim = readyPods(ns, "web", 2).get(0).getMetadata().getName();
        Map<String, Object> done = action(alert(Map.of("alertname", "RealEvict", "namespace", ns, "pod", victim)), 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        await().atMost(WAIT).until(() -> pods(ns, "web").size() == 2
                && pods(ns, "web").stream().noneMatch(p -> p.getMetadata().getName().equals(victim)));
    }

    /** A disruption budget that holds refuses the eviction (429): the chain goes on to delete-pod. */
    @Test
    void anEvictionRefusedByADisruptionBudgetIsAFailureAndTheChainGoesOnToDeletePod() {
        String ns = boundNamespace("evict-pdb");
        deployment(ns, "db", 2, "db:1");
        admin().policy().v1beta1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("db").endMetadata().withNewSpec().withMinAvailable(new IntOrString(2))
                .withNewSelector().addToMatchLabels("app", "db").endSelector().endSpec().build()).create();
        List<Pod> pods = readyPods(ns, "db", 2);
        await().atMost(WAIT).until(() -> {
            PodDisruptionBudget pdb = admin().policy().v1beta1().podDisruptionBudget().inNamespace(ns).withName("db")
                    .get();
            return pdb.getStatus() != null && Integer.valueOf(2).equals(pdb.getStatus().getCurrentHealthy());
        });
        String victim = pods.get(0).getMetadata().getName();
        String uid = pods.get(0).getMetadata().getUid();
        Object id = alert(Map.of("alertname", "RealEvict", "namespace", ns, "pod", victim));
        Map<String, Object> evict = action(id, 0);
        assertThat(evict.get("status")).as(String.valueOf(evict.get("reason"))).isEqualTo("FAILED");
        assertThat((String) evict.get("reason")).contains("PodDisruptionBudget");
        Map<String, Object> delete = action(id, 1);
        assertThat(delete.get("status")).as(String.valueOf(delete.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat((String) delete.get("target")).startsWith("delete-pod pod/" + ns + "/" + victim);
        await().atMost(WAIT).until(() -> pods(ns, "db").size() == 2
                && pods(ns, "db").stream().noneMatch(p -> p.getMetadata().getUid().equals(uid)));
    }

    @Test
    void deletePodDeletesThePodDecidedOnAndTheReplicaSetReplacesIt() {
        String ns = boundNamespace("delete");
        deployment(ns, "queue", 1, "queue:1");
        Pod pod = readyPods(ns, "queue", 1).get(0);
        Map<String, Object> done = action(alert(Map.of("alertname", "RealDelete", "namespace", ns, "pod",
                pod.getMetadata().getName())), 0);
        assertThat(done.get("status")).as(String.valueOf(done.get("reason"))).isEqualTo("SUCCEEDED");
        assertThat((String) done.get("reason")).contains(pod.getMetadata().getUid());
        await().atMost(WAIT).until(() -> pods(ns, "queue").size() == 1
                && !pods(ns, "queue").get(0).getMetadata().getUid().equals(pod.getMetadata().getUid()));
    }
}
