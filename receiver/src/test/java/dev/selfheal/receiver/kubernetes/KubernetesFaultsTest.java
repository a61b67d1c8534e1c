package dev.selfheal.receiver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.UncertainWrites;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API failing under an action, on fabric8's mock server (CRUD state, with one-off
 * faults injected in front of it): a 500 or a timeout leaves open whether the write happened, so
 * the target is read back and the action applied at most once more; a 409 is a definite refusal
 * and nothing is retried or overwritten. Every case ends with the workload written at most once.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesFaultsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    static final String BASE = "/apis/apps/v1/namespaces/%s/deployments/%s";

    /**
     * The mock's client with its own retries off and a short timeout: each injected fault reaches
     * the action (in production the client retries a 5xx twice before the action sees it).
     */
    private static KubernetesClient strict() {
        Config config = new ConfigBuilder(client.getConfiguration()).withRequestTimeout(1000)
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static ActionOutcome restart(KubernetesClient c, String namespace, String name, String episode) {
        RolloutRestart action = new RolloutRestart(c, Clock.systemUTC(), KubernetesActionsTest.GUARD);
        var request = KubernetesActionsTest.request("restart", episode, KubernetesActionsTest.on(namespace, name), Map.of());
        return UncertainWrites.settle(action, request, action.apply(request));
    }

    private static String stamped(String namespace, String name) {
        var template = client.apps().deployments().inNamespace(namespace).withName(name).get().getSpec().getTemplate();
        var annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RolloutRestart.EPISODE);
    }

    @Test
    void a500OnTheWriteIsReadBackAndAppliedOnceMore() {
        KubernetesActionsTest.deployment(client, "faults", "web", 2, true, "web:1");
        server.expect().patch().withPath(String.format(BASE, "faults", "web"))
                .andReturn(500, new StatusBuilder().withCode(500).withReason("InternalError").build()).once();

        ActionOutcome outcome;
        try (KubernetesClient strict = strict()) {
            outcome = restart(strict, "faults", "web", "episode-500");
        }

        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
        assertThat(outcome.detail()).contains("500").contains("read back: not applied").contains("applied again");
        assertThat(stamped("faults", "web")).isEqualTo("episode-500");
    }

    @Test
    void a409IsARefusalThatIsNeitherRetriedNorOverwritten() {
        KubernetesActionsTest.deployment(client, "faults", "api", 2, true, "api:1");
        String before = KubernetesActionsTest.version(client, "faults", "api");
        server.expect().patch().withPath(String.format(BASE, "faults", "api"))
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified").build()).always();

        ActionOutcome outcome;
        try (KubernetesClient strict = strict()) {
            outcome = restart(strict, "faults", "api", "episode-409");
        }

        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.FAILED);
        assertThat(outcome.detail()).contains("409");
        assertThat(KubernetesActionsTest.version(client, "faults", "api")).isEqualTo(before);
    }

    @Test
    void aPersistent500EndsUnknownForVerificationToDecide() {
        KubernetesActionsTest.deployment(client, "faults", "db", 2, true, "db:1");
        server.expect().patch().withPath(String.format(BASE, "faults", "db"))
                .andReturn(503, new StatusBuilder().withCode(503).withReason("ServiceUnavailable").build()).always();

        ActionOutcome outcome;
        try (KubernetesClient strict = strict()) {
            outcome = restart(strict, "faults", "db", "episode-503");
        }

        assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.UNKNOWN);
        assertThat(outcome.status().verifiable()).isTrue();
        assertThat(stamped("faults", "db")).isNull();
    }

    @Test
    void aTimeoutOnAScaleEndsWithTheReplicasChangedOnce() {
        KubernetesActionsTest.deployment(client, "faults", "worker", 2, true, "worker:1");
        try (KubernetesClient impatient = strict()) {
            Deployment current = client.apps().deployments().inNamespace("faults").withName("worker").get();
            AtomicBoolean first = new AtomicBoolean(true);
            CountDownLatch clientGaveUp = new CountDownLatch(1);
            server.expect().get().withPath(String.format(BASE, "faults", "worker")).andReply(200, request -> {
                if (first.getAndSet(false)) {
                    // the first read is answered only once the client has given up on it (not a
                    // sleep racing its timeout): nothing was written
                    try {
                        clientGaveUp.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return current;
            }).times(2);
            Scale scale = new Scale(impatient, KubernetesActionsTest.GUARD);
            var request = KubernetesActionsTest.request("scale-by", "episode-t", KubernetesActionsTest.on("faults", "worker"),
                    Map.of());

            ActionOutcome firstTry = scale.apply(request); // returns when the client's 1 s timeout fires
            clientGaveUp.countDown();
            ActionOutcome outcome = UncertainWrites.settle(scale, request, firstTry);

            assertThat(outcome.status()).isEqualTo(ActionOutcome.Status.SUCCEEDED);
            assertThat(outcome.detail()).contains("answered nothing").contains("applied again");
            assertThat(client.apps().deployments().inNamespace("faults").withName("worker").get().getSpec().getReplicas())
                    .isEqualTo(3);
        }
    }
}
