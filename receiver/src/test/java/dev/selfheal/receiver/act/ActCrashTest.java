package dev.selfheal.receiver.act;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.selfheal.receiver.support.Alerts.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.selfheal.receiver.kubernetes.RolloutRestart;
import dev.selfheal.receiver.support.Alerts;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The act stage dies between recording an execution and its side effect, and between the side
 * effect and recording its result: after the restart the action has happened exactly once
 * (Kubernetes, and an HTTP target that honours Idempotency-Key), or, for an HTTP target that
 * cannot be read back, at most once and marked UNKNOWN for verification.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ActCrashTest.Profile.class)
@QuarkusTestResource(value = ActCrashTest.World.class, restrictToAnnotatedClass = true)
class ActCrashTest {

    @jakarta.inject.Inject
    dev.selfheal.receiver.pipeline.PipelineWorker pipelineWorker;

    @KubernetesTestServer
    KubernetesServer kubernetes;

    @Inject
    ActStage act;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pipeline.poll-every", "PT0.2S", "selfheal.pipeline.abandoned-after", "PT1S");
        }
    }

    public static class World implements QuarkusTestResourceLifecycleManager {
        static WireMockServer world;

        @Override
        public Map<String, String> start() {
            world = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            world.start();
            world.stubFor(post(urlEqualTo("/api/v1/score")).willReturn(aResponse().withHeader("Content-Type",
                    "application/json").withBody("{\"verdict\":{\"anomalous\":true,\"score\":0.97,\"threshold\":0.5},\"results\":[{\"anomalous\":true,\"score\":0.97,\"model\":{\"id\":\"m-7\",\"version\":1,\"status\":\"READY\"},\"decision\":{\"component\":\"lstm\",\"reason\":\"the value is outside the LSTM forecast band\"}}]}")));
            world.stubFor(post(urlEqualTo("/once")).willReturn(aResponse().withStatus(200)));
            world.stubFor(post(urlEqualTo("/idem")).willReturn(aResponse().withStatus(200)));
            try {
                Path playbooks = Files.createTempFile("playbooks", ".yml");
                Files.writeString(playbooks, """
                        http:
                          allow: [BASE/]
                        playbooks:
                          - name: restart
                            match: '{alertname="CrashRestart"}'
                            confirm: {query: 'up{deployment="{{ .deployment }}"}'}
                            target: {kind: deployment, namespaceLabel: namespace, nameLabel: deployment}
                            actions: [{type: rollout-restart}]
                            mode: auto
                            cooldown: 0s
                            maxPerHour: 60
                            verify: {settle: 0s, check: resolved, timeout: 1m}
                          - name: http-once
                            match: '{alertname="CrashHttp"}'
                            confirm: {query: 'up{job="{{ .job }}"}'}
                            target: {kind: http, url: BASE/once}
                            actions: [{type: http}]
                            mode: auto
                            cooldown: 0s
                            maxPerHour: 60
                            verify: {settle: 0s, check: resolved, timeout: 1m}
                          - name: http-idem
                            match: '{alertname="CrashIdem"}'
                            confirm: {query: 'up{job="{{ .job }}"}'}
                            target: {kind: http, url: BASE/idem}
                            actions: [{type: http, idempotentTarget: true}]
                            mode: auto
                            cooldown: 0s
                            maxPerHour: 60
                            verify: {settle: 0s, check: resolved, timeout: 1m}
                        """.replace("BASE", "http://127.0.0.1:" + world.port()));
                return Map.of("selfheal.scorer.url", world.baseUrl(), "selfheal.playbooks", playbooks.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            world.stop();
        }
    }

    static final Runnable CRASH = () -> {
        throw new IllegalStateException("simulated crash");
    };

    @AfterEach
    void noMoreCrashes() {
        act.crashPoints(() -> { }, () -> { });
    }

    private void deployment(String name) {
        kubernetes.getClient().apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace("shop").addToLabels("selfheal.dev/enabled", "true")
                .endMetadata().withNewSpec().withReplicas(2).withNewTemplate().withNewSpec().addNewContainer()
                .withName("app").withImage(name + ":1").endContainer().endSpec().endTemplate().endSpec().build()).create();
    }

    private String version(String name) {
        return kubernetes.getClient().apps().deployments().inNamespace("shop").withName(name).get().getMetadata()
                .getResourceVersion();
    }

    private static List<Map<String, Object>> actions(long id) {
        return timeline(id, "action");
    }

    @Test
    void aCrashBeforeTheRestartRestartsOnceAfterwards() {
        deployment("before");
        String untouched = version("before");
        AtomicReference<String> atCrash = new AtomicReference<>();
        act.crashPoints(() -> {
            atCrash.set(version("before"));
            act.crashPoints(() -> { }, () -> { }); // one crash only; the "restarted" process runs normally
            throw new IllegalStateException("simulated crash");
        }, () -> { });
        long id = Alerts.fire(Map.of("alertname", "CrashRestart", "namespace", "shop", "deployment", "before"),
                "2026-11-28T03:00:00Z");

        await().atMost(Duration.ofSeconds(40)).until(() -> !actions(id).isEmpty()
                && !"STARTED".equals(actions(id).get(0).get("status")));
        assertThat(atCrash.get()).isEqualTo(untouched); // it died before writing
        assertThat(actions(id)).hasSize(1);
        assertThat(actions(id).get(0).get("status")).isEqualTo("SUCCEEDED");
        String written = version("before");
        assertThat(written).isNotEqualTo(untouched);
        assertThat(kubernetes.getClient().apps().deployments().inNamespace("shop").withName("before").get().getSpec()
                .getTemplate().getMetadata().getAnnotations()).containsEntry(RolloutRestart.EPISODE,
                "episode-" + id + "-restart-0");
        dev.selfheal.receiver.support.Passes.awaitTwo(pipelineWorker); // every due item looked at twice
        assertThat(version("before")).isEqualTo(written);
    }

    @Test
    void aCrashAfterTheRestartIsReconciledNotRepeated() {
        deployment("after");
        AtomicReference<String> atCrash = new AtomicReference<>();
        act.crashPoints(() -> { }, () -> {
            atCrash.set(version("after"));
            act.crashPoints(() -> { }, () -> { });
            throw new IllegalStateException("simulated crash");
        });
        long id = Alerts.fire(Map.of("alertname", "CrashRestart", "namespace", "shop", "deployment", "after"),
                "2026-11-28T03:00:00Z");

        await().atMost(Duration.ofSeconds(40)).until(() -> !actions(id).isEmpty()
                && !"STARTED".equals(actions(id).get(0).get("status")));
        assertThat(actions(id)).hasSize(1);
        assertThat(actions(id).get(0).get("status")).isEqualTo("NOOP");
        assertThat((String) actions(id).get(0).get("reason")).contains("reconciled after a restart");
        assertThat(version("after")).isEqualTo(atCrash.get()); // the one write, before the crash
    }

    @Test
    void anHttpCallCutByACrashIsNotRepeatedUnlessTheTargetIsIdempotent() {
        act.crashPoints(() -> { }, () -> {
            act.crashPoints(() -> { }, () -> { });
            throw new IllegalStateException("simulated crash");
        });
        long once = Alerts.fire(Map.of("alertname", "CrashHttp", "job", "a"), "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(40)).until(() -> !actions(once).isEmpty()
                && !"STARTED".equals(actions(once).get(0).get("status")));
        assertThat(actions(once).get(0).get("status")).isEqualTo("UNKNOWN");
        World.world.verify(1, postRequestedFor(urlEqualTo("/once")));

        act.crashPoints(() -> {
            act.crashPoints(() -> { }, () -> { });
            throw new IllegalStateException("simulated crash");
        }, () -> { });
        long idem = Alerts.fire(Map.of("alertname", "CrashIdem", "job", "b"), "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(40)).until(() -> !actions(idem).isEmpty()
                && !"STARTED".equals(actions(idem).get(0).get("status")));
        assertThat(actions(idem).get(0).get("status")).isEqualTo("SUCCEEDED");
        World.world.verify(1, postRequestedFor(urlEqualTo("/idem"))
                .withHeader("Idempotency-Key", equalTo("episode-" + idem + "-http-idem-0")));
    }
}
