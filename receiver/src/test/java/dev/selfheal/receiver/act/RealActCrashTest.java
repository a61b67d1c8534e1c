package dev.selfheal.receiver.act;

import static dev.selfheal.receiver.support.Alerts.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.receiver.kubernetes.RealClusterProfile;
import dev.selfheal.receiver.kubernetes.RealPipeline;
import dev.selfheal.receiver.pipeline.PipelineWorker;
import dev.selfheal.receiver.support.Alerts;
import dev.selfheal.receiver.support.Passes;
import dev.selfheal.receiver.support.kube.RequiresKube;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exactly-once protocol against the real API server and its deployment controller: the act
 * stage stops at a chosen point (a deterministic hook, not a random kill), between recording the
 * execution and the write, or between the write and its result; once taken up again, the
 * Deployment has been restarted exactly once: one new ReplicaSet, revision 2, never 3.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
@ExtendWith(RequiresKube.class)
class RealActCrashTest {

    @Inject
    ActStage act;

    @Inject
    PipelineWorker worker;

    @AfterEach
    void noMoreCrashes() {
        act.crashPoints(() -> { }, () -> { });
    }

    private static List<Map<String, Object>> finished(long id) {
        return timeline(id, "action").stream().filter(a -> !"STARTED".equals(a.get("status"))).toList();
    }

    private static Runnable crashOnce(ActStage act) {
        return () -> {
            act.crashPoints(() -> { }, () -> { }); // the "restarted" receiver runs normally
            throw new IllegalStateException("simulated crash");
        };
    }

    private static String restarted(String prefix) {
        String ns = RealPipeline.boundNamespace(prefix);
        RealPipeline.deployment(ns, "cart", 1, "cart:1");
        await().atMost(Duration.ofSeconds(60)).until(() -> RealPipeline.revision(ns, "cart").equals(Optional.of("1")));
        return ns;
    }

    @Test
    void stoppedBeforeTheWriteTheRestartHappensOnceAfterwards() {
        String ns = restarted("crash-before");
        act.crashPoints(crashOnce(act), () -> { });
        long id = Alerts.fire(Map.of("alertname", "RealRestart", "namespace", ns, "deployment", "cart"),
                "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(60)).until(() -> !finished(id).isEmpty());
        assertThat(finished(id)).singleElement().satisfies(a -> assertThat(a.get("status")).isEqualTo("SUCCEEDED"));
        await().atMost(Duration.ofSeconds(60)).until(() -> RealPipeline.revision(ns, "cart").equals(Optional.of("2")));
        Passes.awaitTwo(worker);
        assertThat(RealPipeline.revision(ns, "cart")).contains("2");
        assertThat(RealPipeline.replicaSets(ns)).hasSize(2);
    }

    @Test
    void stoppedAfterTheWriteTheRestartIsReconciledNotRepeated() {
        String ns = restarted("crash-after");
        act.crashPoints(() -> { }, crashOnce(act));
        long id = Alerts.fire(Map.of("alertname", "RealRestart", "namespace", ns, "deployment", "cart"),
                "2026-11-28T03:00:00Z");
        await().atMost(Duration.ofSeconds(60)).until(() -> !finished(id).isEmpty());
        assertThat(finished(id)).singleElement().satisfies(a -> {
            assertThat(a.get("status")).isEqualTo("NOOP");
            assertThat((String) a.get("reason")).contains("reconciled after a restart");
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> RealPipeline.revision(ns, "cart").equals(Optional.of("2")));
        Passes.awaitTwo(worker);
        assertThat(RealPipeline.revision(ns, "cart")).contains("2");
        assertThat(RealPipeline.replicaSets(ns)).hasSize(2);
    }
}
