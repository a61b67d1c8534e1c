package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.playbook.ActionTypes;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookValidationException;
import dev.selfheal.receiver.support.TestPlaybooks;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * delete-pod on the mock API server in CRUD mode: the decision pins the pod's UID; the pod is
 * deleted once; a re-run, a reconcile after a crash, or a run after the controller made a
 * replacement of the same name never deletes the replacement.
 */
@EnableKubernetesMockClient(crud = true)
class DeletePodTest {

    static KubernetesClient client;

    static Playbook playbook;

    @BeforeAll
    static void load() {
        String yaml = """
                playbooks:
                  - name: crashing-pod
                    match: '{alertname="KubePodCrashLooping"}'
                    confirm: {query: 'up{pod="{{ .pod }}"}'}
                    target: {kind: pod, namespaceLabel: namespace, nameLabel: pod}
                    actions: [{type: delete-pod}]
                    mode: auto
                """;
        playbook = TestPlaybooks.load(yaml).get(0);
    }

    static final Map<String, String> LABELS = Map.of("alertname", "KubePodCrashLooping", "namespace", "shop",
            "pod", "db-0");

    private static Pod create(String namespace) {
        return client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("db-0")
                .withNamespace(namespace).addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec()
                .addNewContainer().withName("db").withImage("db:1").endContainer().endSpec().build()).create();
    }

    private static Pod current(String namespace) {
        return client.pods().inNamespace(namespace).withName("db-0").get();
    }

    private static ActionRequest request(Map<String, String> labels, Map<String, String> pinned) {
        return new ActionRequest(7, "episode-7", playbook, 0, labels, pinned);
    }

    private static DeletePod action() {
        return new DeletePod(client, KubernetesActionsTest.GUARD);
    }

    @Test
    void deletesThePodDecidedOnOnceAndNeverItsReplacement() {
        Pod original = create("shop");
        Map<String, String> pinned = action().pin(request(LABELS, Map.of()));
        assertThat(pinned).containsEntry(DeletePod.PINNED_UID, original.getMetadata().getUid());

        ActionOutcome done = action().apply(request(LABELS, pinned));
        assertThat(done.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(done.detail()).contains(original.getMetadata().getUid());
        assertThat(current("shop")).isNull();

        // the controller starts a replacement with the same name and a new UID
        Pod replacement = create("shop");
        assertThat(replacement.getMetadata().getUid()).isNotEqualTo(original.getMetadata().getUid());

        ActionOutcome again = action().apply(request(LABELS, pinned));
        assertThat(again.status()).isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(again.detail()).contains("replacement");
        assertThat(current("shop").getMetadata().getUid()).isEqualTo(replacement.getMetadata().getUid());
        assertThat(action().reconcile(request(LABELS, pinned))).get().extracting(ActionOutcome::status)
                .isEqualTo(ActionOutcome.Status.NOOP);
    }

    @Test
    void aReconcileAfterACrashTellsDoneFromNotDone() {
        Pod pod = create("cart");
        Map<String, String> labels = Map.of("alertname", "KubePodCrashLooping", "namespace", "cart", "pod", "db-0");
        Map<String, String> pinned = Map.of(DeletePod.PINNED_UID, pod.getMetadata().getUid());
        assertThat(action().reconcile(request(labels, pinned))).as("still there: not done, safe to apply").isEmpty();

        assertThat(action().apply(request(labels, pinned)).status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(action().reconcile(request(labels, pinned))).as("gone: done").isPresent();
        assertThat(action().apply(request(labels, pinned)).status()).isEqualTo(ActionOutcome.Status.NOOP);
    }

    @Test
    void theGuardHoldsForPods() {
        Pod pod = client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName("db-0")
                .withNamespace("kube-system").endMetadata().build()).create();
        Map<String, String> labels = Map.of("alertname", "KubePodCrashLooping", "namespace", "kube-system", "pod", "db-0");
        ActionOutcome refused = action().apply(request(labels, Map.of(DeletePod.PINNED_UID, pod.getMetadata().getUid())));
        assertThat(refused.status()).isEqualTo(ActionOutcome.Status.REFUSED);
        assertThat(client.pods().inNamespace("kube-system").withName("db-0").get()).isNotNull();
    }

    @Test
    void itIsAnActionTypeOfItsOwn() {
        assertThat(ActionTypes.of("delete-pod")).get().satisfies(t -> {
            assertThat(t.targetKinds()).containsExactly("pod");
            assertThat(t.permissions()).extracting(p -> p.grant()).containsExactlyInAnyOrder("/pods:get", "/pods:delete");
        });
        String wrong = """
                playbooks:
                  - name: on-a-deployment
                    match: '{alertname="X"}'
                    confirm: {query: 'up'}
                    target: {kind: deployment, nameLabel: deployment}
                    actions: [{type: delete-pod, grace: 5}]
                """;
        assertThatThrownBy(() -> TestPlaybooks.load(wrong)).isInstanceOf(PlaybookValidationException.class)
                .hasMessageContaining("delete-pod needs a pod target")
                .hasMessageContaining("unknown key 'grace'");
        List<String> types = List.copyOf(ActionTypes.all().keySet());
        assertThat(types).containsExactly("delete-pod", "evict-pod", "http", "rollback", "rollout-restart", "scale");
    }
}
