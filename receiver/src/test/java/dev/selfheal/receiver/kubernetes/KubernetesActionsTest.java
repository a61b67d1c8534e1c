package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookLoader;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * scale, rollback, evict-pod and the workload guard against fabric8's mock API server in CRUD
 * mode: applied twice, each writes once.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesActionsTest {

    static KubernetesClient client;
    static final List<Playbook> PLAYBOOKS = PlaybookLoader.load(Path.of("src/test/resources/kubernetes/playbooks-actions.yml"));
    static final WorkloadGuard GUARD = new WorkloadGuard(List.of(), List.of("kube-system", "kube-public"),
            "selfheal.dev/enabled=true");

    static Playbook playbook(String name) {
        return PLAYBOOKS.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static ActionRequest request(String playbook, String key, Map<String, String> labels, Map<String, String> pinned) {
        return new ActionRequest(1, key, playbook(playbook), 0, labels, pinned);
    }

    static Map<String, String> on(String namespace, String deployment) {
        return Map.of("alertname", "X", "namespace", namespace, "deployment", deployment);
    }

    static Deployment deployment(String namespace, String name, int replicas, boolean optedIn, String image) {
        return deployment(client, namespace, name, replicas, optedIn, image);
    }

    static Deployment deployment(KubernetesClient client, String namespace, String name, int replicas, boolean optedIn,
                                 String image) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withUid("uid-" + name).addToLabels(optedIn ? Map.of("selfheal.dev/enabled", "true") : Map.of())
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage(image).endContainer().endSpec().endTemplate().endSpec();
        return client.apps().deployments().inNamespace(namespace).resource(b.build()).create();
    }

    static String version(String namespace, String name) {
        return version(client, namespace, name);
    }

    static String version(KubernetesClient client, String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get().getMetadata().getResourceVersion();
    }

    @Test
    void scaleByOneWritesOncePerEpisodeAndStaysWithinBounds() {
        deployment("shop", "cart", 2, true, "cart:1");
        Scale scale = new Scale(client, GUARD);
        ActionOutcome first = scale.apply(request("scale-by", "episode-1", on("shop", "cart"), Map.of()));
        assertThat(first.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(first.before()).contains("replicas=2");
        assertThat(first.after()).contains("replicas=3");
        String version = version("shop", "cart");

        ActionOutcome again = scale.apply(request("scale-by", "episode-1", on("shop", "cart"), Map.of()));
        assertThat(again.status()).isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(version("shop", "cart")).isEqualTo(version);
        assertThat(client.apps().deployments().inNamespace("shop").withName("cart").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(scale.reconcile(request("scale-by", "episode-1", on("shop", "cart"), Map.of()))).isPresent();

        assertThat(scale.apply(request("scale-by", "episode-2", on("shop", "cart"), Map.of())).status())
                .isEqualTo(ActionOutcome.Status.SUCCEEDED); // another episode: 4, the max
        ActionOutcome atMax = scale.apply(request("scale-by", "episode-3", on("shop", "cart"), Map.of()));
        assertThat(atMax.status()).isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(atMax.detail()).contains("already has 4");
    }

    @Test
    void anHpaOwnedWorkloadGetsItsMinReplicasRaisedOrIsRefused() {
        deployment("shop", "api", 2, true, "api:1");
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").resource(
                new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("api-hpa").withNamespace("shop")
                        .endMetadata().withNewSpec().withMinReplicas(2).withMaxReplicas(6).withNewScaleTargetRef()
                        .withApiVersion("apps/v1").withKind("Deployment").withName("api").endScaleTargetRef().endSpec()
                        .build()).create();
        String deploymentVersion = version("shop", "api");
        Scale scale = new Scale(client, GUARD);

        assertThat(scale.apply(request("scale-refuse", "episode-5", on("shop", "api"), Map.of())).status())
                .isEqualTo(ActionOutcome.Status.REFUSED);
        ActionOutcome raised = scale.apply(request("scale-to", "episode-5", on("shop", "api"), Map.of()));
        assertThat(raised.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(raised.after()).isEqualTo("hpa/shop/api-hpa minReplicas=5");
        String hpaVersion = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").withName("api-hpa")
                .get().getMetadata().getResourceVersion();
        assertThat(scale.apply(request("scale-to", "episode-5", on("shop", "api"), Map.of())).status())
                .isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").withName("api-hpa").get()
                .getMetadata().getResourceVersion()).isEqualTo(hpaVersion);
        assertThat(version("shop", "api")).isEqualTo(deploymentVersion); // the HPA owns the replica count
    }

    private static void replicaSet(String deployment, int revision, String image) {
        client.apps().replicaSets().inNamespace("shop").resource(new ReplicaSetBuilder().withNewMetadata()
                .withName(deployment + "-r" + revision).withNamespace("shop")
                .addToAnnotations(Rollback.REVISION, String.valueOf(revision))
                .addNewOwnerReference().withKind("Deployment").withName(deployment)
                .withUid(client.apps().deployments().inNamespace("shop").withName(deployment).get().getMetadata().getUid())
                .withApiVersion("apps/v1").endOwnerReference().endMetadata().withNewSpec().withNewTemplate()
                .withNewMetadata().addToLabels("app", deployment).addToLabels("pod-template-hash", "h" + revision)
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    @Test
    void rollbackReachesThePinnedRevisionEvenWhenCalledTwice() {
        deployment("shop", "web", 2, true, "web:3");
        client.apps().deployments().inNamespace("shop").withName("web")
                .edit(d -> new DeploymentBuilder(d).editMetadata().addToAnnotations(Rollback.REVISION, "3").endMetadata().build());
        replicaSet("web", 1, "web:1");
        replicaSet("web", 2, "web:2");
        replicaSet("web", 3, "web:3");
        WorkloadRef ref = new WorkloadRef("deployment", "shop", "web");
        assertThat(Rollback.previousRevision(client, ref)).contains(2L);

        Rollback rollback = new Rollback(client, GUARD);
        // what the decision pins, through the action interface (no step names the action type)
        Map<String, String> pinned = rollback.pin(request("rollback", "episode-9", on("shop", "web"), Map.of()));
        assertThat(pinned).isEqualTo(Map.of(Rollback.PINNED, "2"));
        ActionOutcome done = rollback.apply(request("rollback", "episode-9", on("shop", "web"), pinned));
        assertThat(done.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(done.before()).contains("web:3");
        assertThat(done.after()).contains("web:2");
        String version = version("shop", "web");
        // twice: still revision 2 (a blind undo would go back to 3)
        assertThat(rollback.apply(request("rollback", "episode-9", on("shop", "web"), pinned)).status())
                .isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(version("shop", "web")).isEqualTo(version);
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage()).isEqualTo("web:2");
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get().getSpec().getTemplate()
                .getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
    }

    @Test
    void rollbackIsRefusedWithoutAPreviousRevision() {
        deployment("shop", "fresh", 1, true, "fresh:1");
        replicaSet("fresh", 1, "fresh:1");
        assertThat(Rollback.previousRevision(client, new WorkloadRef("deployment", "shop", "fresh"))).isEmpty();
        assertThat(new Rollback(client, GUARD).pin(request("rollback", "episode-3", on("shop", "fresh"), Map.of()))).isEmpty();
        ActionOutcome refused = new Rollback(client, GUARD).apply(request("rollback", "episode-3", on("shop", "fresh"), Map.of()));
        assertThat(refused.status()).isEqualTo(ActionOutcome.Status.REFUSED);
        assertThat(refused.detail()).contains("no previous revision");
    }

    @Test
    void deniedNamespacesOtherNamespacesAndWorkloadsWithoutTheOptInLabelAreNeverWritten() {
        deployment("kube-system", "coredns", 2, true, "coredns:1");
        deployment("shop", "legacy", 2, false, "legacy:1");
        deployment("other", "svc", 2, true, "svc:1");
        RolloutRestart restart = new RolloutRestart(client, Clock.systemUTC(), GUARD);
        String denied = version("kube-system", "coredns");
        String unlabeled = version("shop", "legacy");

        ActionOutcome system = restart.apply(request("restart", "episode-1", on("kube-system", "coredns"), Map.of()));
        assertThat(system.status()).isEqualTo(ActionOutcome.Status.REFUSED);
        assertThat(system.detail()).contains("kube-system is denied");
        ActionOutcome legacy = restart.apply(request("restart", "episode-1", on("shop", "legacy"), Map.of()));
        assertThat(legacy.status()).isEqualTo(ActionOutcome.Status.REFUSED);
        assertThat(legacy.detail()).contains("does not carry the label selfheal.dev/enabled=true");
        assertThat(version("kube-system", "coredns")).isEqualTo(denied);
        assertThat(version("shop", "legacy")).isEqualTo(unlabeled);

        WorkloadGuard onlyShop = new WorkloadGuard(List.of("shop"), List.of("kube-system"), "selfheal.dev/enabled=true");
        ActionOutcome outside = new Scale(client, onlyShop).apply(request("scale-by", "episode-1", on("other", "svc"), Map.of()));
        assertThat(outside.status()).isEqualTo(ActionOutcome.Status.REFUSED);
        assertThat(outside.detail()).contains("not in selfheal.safety.allow-namespaces");
    }
}
