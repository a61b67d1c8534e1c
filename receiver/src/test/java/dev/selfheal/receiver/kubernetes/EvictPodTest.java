package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.action.ActionOutcome;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * evict-pod goes through the Eviction API (the mock server's expectations mode answers it as the
 * API server does: 201 when allowed, 429 when a PodDisruptionBudget holds).
 */
@EnableKubernetesMockClient
class EvictPodTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static final Map<String, String> LABELS = Map.of("alertname", "X", "namespace", "shop", "pod", "cart-abc");
    static final String POD = "/api/v1/namespaces/shop/pods/cart-abc";

    static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("cart-abc").withNamespace("shop")
                .addToLabels("selfheal.dev/enabled", "true").endMetadata().withNewSpec().withNodeName("node-1")
                .endSpec().withNewStatus().withPhase("Running").endStatus().build();
    }

    @Test
    void anAllowedEvictionSucceeds() throws InterruptedException {
        server.expect().get().withPath(POD).andReturn(200, pod()).once();
        server.expect().post().withPath(POD + "/eviction").andReturn(201, new StatusBuilder().withStatus("Success").build())
                .once();
        ActionOutcome done = new EvictPod(client, KubernetesActionsTest.GUARD)
                .apply(KubernetesActionsTest.request("evict", "episode-4", LABELS, Map.of()));
        assertThat(done.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(done.before()).isEqualTo("phase Running on node-1");
        assertThat(server.getLastRequest().getPath()).isEqualTo(POD + "/eviction");
        assertThat(server.getLastRequest().getMethod()).isEqualTo("POST");
    }

    @Test
    void aDisruptionBudgetThatHoldsIsAFailure() {
        String path = "/api/v1/namespaces/shop/pods/guarded";
        server.expect().get().withPath(path).andReturn(200, new PodBuilder(pod()).editMetadata().withName("guarded")
                .endMetadata().build()).once();
        server.expect().post().withPath(path + "/eviction").andReturn(429, new StatusBuilder().withCode(429)
                .withReason("TooManyRequests").withMessage("Cannot evict pod as it would violate the pod's disruption budget.")
                .build()).always();
        ActionOutcome refused = new EvictPod(client, KubernetesActionsTest.GUARD).apply(KubernetesActionsTest.request(
                "evict", "episode-4", Map.of("alertname", "X", "namespace", "shop", "pod", "guarded"), Map.of()));
        assertThat(refused.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(refused.detail()).contains("PodDisruptionBudget");
    }

    @Test
    void aPodAlreadyGoneIsANoop() {
        server.expect().get().withPath(POD).andReturn(404, null).times(2);
        ActionOutcome gone = new EvictPod(client, KubernetesActionsTest.GUARD)
                .apply(KubernetesActionsTest.request("evict", "episode-4", LABELS, Map.of()));
        assertThat(gone.status()).isEqualTo(ActionOutcome.Status.NOOP);
        assertThat(gone.detail()).contains("already gone");
        assertThat(new EvictPod(client, KubernetesActionsTest.GUARD)
                .reconcile(KubernetesActionsTest.request("evict", "episode-4", LABELS, Map.of()))).isPresent();
    }
}
