package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.support.TestPlaybooks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pod-owner target on the mock API server (CRUD mode): a pod alert resolves to the workload
 * owning the pod through controller ownerReferences, once, at decision time; the action acts on
 * what was pinned even when the pod is gone by then; an owner the action does not act on, or none,
 * is a refusal that says why.
 */
@EnableKubernetesMockClient(crud = true)
class PodOwnerTest {

    static KubernetesClient client;

    static List<Playbook> playbooks;

    @BeforeAll
    static void load() {
        String yaml = """
                playbooks:
                  - name: restart-owner
                    match: '{alertname="KubePodCrashLooping"}'
                    confirm: {query: 'up{pod="{{ .pod }}"}'}
                    target: {kind: pod-owner, nameLabel: pod}
                    actions: [{type: rollout-restart}, {type: rollback}]
                    mode: auto
                """;
        playbooks = TestPlaybooks.load(yaml);
    }

    private static Map<String, String> labels(String namespace, String pod) {
        return Map.of("alertname", "KubePodCrashLooping", "namespace", namespace, "pod", pod);
    }

    private static ActionRequest request(int index, Map<String, String> labels, Map<String, String> pinned) {
        return new ActionRequest(4, "episode-4-restart-owner-" + index, playbooks.get(0), index, labels, pinned);
    }

    private static RolloutRestart restart() {
        return new RolloutRestart(client, Clock.systemUTC(), KubernetesActionsTest.GUARD);
    }

    private static <T extends HasMetadata> T owned(T object, HasMetadata owner) {
        object.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind(owner.getKind()).withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(true).build()));
        return object;
    }

    private static HasMetadata pod(String namespace, String name, HasMetadata owner) {
        var pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build();
        return client.pods().inNamespace(namespace).resource(owner == null ? pod : owned(pod, owner)).create();
    }

    @Test
    void aDeploymentsPodResolvesToTheDeploymentWhichStaysTheTargetWhenThePodIsGone() {
        var web = client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata()
                .withName("web").withNamespace("shop").addToLabels("selfheal.dev/enabled", "true").endMetadata()
                .withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer().withName("web")
                .withImage("web:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        var rs = client.apps().replicaSets().inNamespace("shop").resource(owned(new ReplicaSetBuilder().withNewMetadata()
                .withName("web-5f7").withNamespace("shop").endMetadata().build(), web)).create();
        pod("shop", "web-5f7-x2k", rs);

        Map<String, String> resolved = restart().resolve(playbooks.get(0).target(), labels("shop", "web-5f7-x2k"));
        assertThat(resolved).containsExactly(Map.entry(WorkloadRef.PINNED_OWNER, "deployment/shop/web"));

        client.pods().inNamespace("shop").withName("web-5f7-x2k").delete(); // replaced before the action runs
        ActionOutcome done = restart().apply(request(0, labels("shop", "web-5f7-x2k"), resolved));
        assertThat(done.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(restart().target(request(0, labels("shop", "web-5f7-x2k"), resolved))).isEqualTo("deployment/shop/web");
        assertThat(client.apps().deployments().inNamespace("shop").withName("web").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).containsEntry(RolloutRestart.EPISODE, "episode-4-restart-owner-0");
        assertThat(restart().apply(request(0, labels("shop", "web-5f7-x2k"), resolved)).status())
                .isEqualTo(ActionOutcome.Status.NOOP);
    }

    @Test
    void aStatefulSetsPodResolvesToItAndAnActionForDeploymentsOnlyRefusesIt() {
        var db = client.apps().statefulSets().inNamespace("cart").resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").withNamespace("cart").addToLabels("selfheal.dev/enabled", "true").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("db").withImage("db:1")
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        pod("cart", "db-0", db);
        Map<String, String> resolved = restart().resolve(playbooks.get(0).target(), labels("cart", "db-0"));
        assertThat(resolved).containsEntry(WorkloadRef.PINNED_OWNER, "statefulset/cart/db");

        // the act stage records an IllegalArgumentException as the action's refusal
        assertThatThrownBy(() -> new Rollback(client, KubernetesActionsTest.GUARD)
                .apply(request(1, labels("cart", "db-0"), resolved))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rollback acts on deployment, not on statefulset/cart/db");
    }

    @Test
    void aPodWithoutAWorkloadIsAnErrorThatSaysWhy() {
        var job = client.batch().v1().jobs().inNamespace("ops").resource(new JobBuilder().withNewMetadata().withName("backup").withNamespace("ops").endMetadata().build()).create();
        pod("ops", "backup-abc", job);
        pod("ops", "bare", null);
        Playbook.Target target = playbooks.get(0).target();
        assertThatThrownBy(() -> restart().resolve(target, labels("ops", "backup-abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pod ops/backup-abc belongs to Job backup, not a Deployment, StatefulSet or DaemonSet");
        assertThatThrownBy(() -> restart().resolve(target, labels("ops", "bare")))
                .hasMessage("pod ops/bare has no controller: no workload to act on");
        assertThatThrownBy(() -> restart().resolve(target, labels("ops", "gone"))).hasMessage("pod ops/gone not found");
        assertThatThrownBy(() -> restart().resolve(target, Map.of("namespace", "ops")))
                .hasMessage("the alert has no label 'pod' for the pod");
        assertThatThrownBy(() -> restart().apply(request(0, labels("ops", "bare"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the workload owning pod ops/bare was not resolved when the decision was made");
    }
}
