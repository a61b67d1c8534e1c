package dev.selfheal.scorer.replay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.selfheal.scorer.config.ScorerConfig;
import dev.selfheal.scorer.detector.Point;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.detector.TrainingPlan;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.offline.StreamScorer;
import dev.selfheal.scorer.prometheus.PrometheusClient;
import dev.selfheal.scorer.store.Blobs;
import dev.selfheal.scorer.store.Leases;
import dev.selfheal.scorer.store.Replica;
import dev.selfheal.scorer.store.StoreConfig;
import dev.selfheal.scorer.support.BackfilledPrometheus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Parity is a contract: a NAB file backfilled into the real Prometheus 2.42, asked about in
 * increasing time order through {@code POST /api/v1/score}, gives exactly what {@code score-csv}
 * (its {@link StreamScorer}) writes for those rows, whatever the window; and a restarted scorer,
 * bringing the series back from its saved state and reading only the points it missed, continues
 * with the same outputs.
 */
@QuarkusTest
@QuarkusTestResource(value = BackfilledPrometheus.class, restrictToAnnotatedClass = true)
@TestProfile(ReplayParityTest.Profile.class)
class ReplayParityTest {

    /** The served default of LSTM epochs (the test profile lowers it elsewhere). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("selfheal.training.epochs", Integer.toString(ModelSettings.DEFAULT.epochs()));
        }
    }

    /** Rows asked about: around the trainings (600, 1200, 2400) and in the labelled windows (from 698, 2064, 2535). */
    private static final int[] ROWS = {400, 550, 599, 600, 601, 666, 700, 780, 781, 790, 823, 900, 1199, 1200, 1500,
        1900, 2064, 2130, 2131, 2135, 2300, 2399, 2400, 2535, 2650, 2926, 2930, 3300, 4031};
    private static final int RESTART_AFTER = 1500;

    @Inject
    ScorerConfig config;
    @Inject
    PrometheusClient prometheus;
    @Inject
    SeriesStates services;
    @Inject
    Blobs blobs;
    @Inject
    Leases leases;
    @Inject
    Replica replica;
    @Inject
    StoreConfig storeConfig;

    private static JsonPath ask(long seconds, String window) {
        String body = "{\"query\":\"" + BackfilledPrometheus.GAUGE + "\",\"end\":\"" + Instant.ofEpochSecond(seconds)
                + "\",\"window\":\"" + window + "\",\"step\":\"5m\"}";
        return given().contentType("application/json").body(body).post("/api/v1/score").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void theServiceAnswersWhatScoreCsvWritesAndARestartContinuesIt() throws Exception {
        BackfilledPrometheus.Rows rows = BackfilledPrometheus.rows();
        ModelSettings settings = ModelSettings.DEFAULT.withEpochs(config.training().epochs());
        TrainingPlan plan = new TrainingPlan(config.training().firstAfter(), config.training().retrainEvery());
        double[][] expected = new StreamScorer(new ModelTrainer(Clock.systemUTC()), settings, plan)
                .scoreWithComponents(rows.values());
        assertThat(java.util.Arrays.stream(ROWS).filter(r -> expected[1][r] == 1).count())
                .as("score-csv finds some asked rows anomalous (the test would prove little otherwise)").isPositive();
        long outsideNow = java.util.Arrays.stream(ROWS).filter(r -> expected[4][r] == 1).count();
        assertThat(outsideNow).as("some asked rows read outside now, and some do not").isPositive()
                .isLessThan(ROWS.length);

        // The first request replays the history; while it runs the fallback answers, saying so.
        long first = rows.seconds().get(ROWS[0]);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> !"PENDING".equals(ask(first, "1d").getString("results[0].model.status")));
        int anomalousSeen = 0;
        for (int row : ROWS) {
            if (row > RESTART_AFTER) {
                break;
            }
            long t = rows.seconds().get(row);
            JsonPath answer = ask(t, "1d");
            assertThat(answer.getString("results[0].at")).isEqualTo(Instant.ofEpochSecond(t).toString());
            assertThat(answer.getDouble("results[0].score")).as("score at row %d", row)
                    .isCloseTo(expected[0][row], within(1e-6));
            assertThat(answer.getBoolean("results[0].anomalous")).as("anomalous at row %d", row)
                    .isEqualTo(expected[1][row] == 1);
            assertThat(answer.getBoolean("results[0].now.outside")).as("now at row %d", row)
                    .isEqualTo(expected[4][row] == 1);
            assertThat(answer.getString("results[0].model.status")).isEqualTo(row >= 600 ? "READY" : "FALLBACK");
            if (row >= 600) {
                assertThat(answer.getInt("results[0].model.version")).isEqualTo((int) expected[3][row]);
            }
            JsonPath narrow = ask(t, "2h");
            assertThat(narrow.getDouble("results[0].score")).as("window does not change the score")
                    .isEqualTo(answer.getDouble("results[0].score"));
        }

        // A restart: a new set of states on the same store and Prometheus. It knows the series at once
        // and brings it back from its saved state on its first request, reading only the points after it.
        services.saveAll();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SeriesStates restarted = new SeriesStates(config, Clock.systemUTC(), meters, prometheus, blobs, leases, replica,
                storeConfig);
        restarted.loadSaved();
        assertThat(restarted.all()).hasSize(1);
        SeriesState state = restarted.all().iterator().next();
        assertThat(state.resident()).as("stored until asked").isFalse();
        assertThat(state.summary().version()).as("its saved summary names its model").isEqualTo(2);
        SeriesDetector back = restarted.advance(state, rows.seconds().get(4031) * 1000).get(120, TimeUnit.SECONDS);
        assertThat(meters.timer("selfheal.scorer.series.load.duration").count()).as("restored from its state")
                .isEqualTo(1);
        assertThat(meters.counter("selfheal.scorer.replay.points").count())
                .as("only the points after the saved state (row %d on) are read and replayed", RESTART_AFTER)
                .isEqualTo(4031 - RESTART_AFTER);
        assertThat(meters.timer("selfheal.scorer.training.duration", "outcome", "ready").count())
                .as("versions 1 and 2 come with the state; only version 3 (after 2,400 points) is trained").isEqualTo(1);
        for (int row : ROWS) {
            Point p = back.at(rows.seconds().get(row) * 1000);
            if (p == null) {
                assertThat(row).as("only rows older than the answers kept are not answered from the state")
                        .isLessThan(4031 - config.training().retainPoints());
                continue;
            }
            assertThat(p.score()).as("restarted score at row %d", row).isCloseTo(expected[0][row], within(1e-6));
            assertThat(p.anomalous()).as("restarted anomalous at row %d", row).isEqualTo(expected[1][row] == 1);
            assertThat(p.outsideNow()).as("restarted now at row %d", row).isEqualTo(expected[4][row] == 1);
        }

        // The service goes on after the first half, and answers with an explanation on request.
        for (int row : ROWS) {
            if (row <= RESTART_AFTER) {
                continue;
            }
            JsonPath answer = ask(rows.seconds().get(row), "1d");
            assertThat(answer.getDouble("results[0].score")).as("score at row %d", row)
                    .isCloseTo(expected[0][row], within(1e-6));
            boolean anomalous = answer.getBoolean("results[0].anomalous");
            assertThat(anomalous).as("anomalous at row %d", row).isEqualTo(expected[1][row] == 1);
            anomalousSeen += anomalous ? 1 : 0;
        }
        assertThat(anomalousSeen).isPositive();
        // An earlier time, asked after later ones: answered from what was said then (no look-ahead).
        assertThat(ask(rows.seconds().get(900), "1d").getDouble("results[0].score"))
                .isCloseTo(expected[0][900], within(1e-6));

        String explain = "{\"query\":\"" + BackfilledPrometheus.GAUGE + "\",\"end\":\""
                + Instant.ofEpochSecond(rows.seconds().get(2130)) + "\",\"window\":\"1d\",\"step\":\"5m\",\"explain\":true}";
        JsonPath e = given().contentType("application/json").body(explain).post("/api/v1/score").then().statusCode(200)
                .extract().jsonPath();
        List<Float> scores = e.getList("results[0].explain.score", Float.class);
        assertThat(scores).hasSize(289);
        assertThat(e.getList("results[0].explain.timestamps")).hasSize(289);
        assertThat(e.getList("results[0].explain.forecast")).hasSize(289);
        assertThat(e.getDouble("results[0].explain.threshold")).isEqualTo(0.5);
        assertThat((double) scores.get(288)).isCloseTo(expected[0][2130], within(1e-6));
        assertThat(e.getString("results[0].decision.component")).isNotBlank();
        assertThat(e.getString("results[0].decision.reason")).isNotBlank();
        assertThat(ask(rows.seconds().get(2130), "1d").getString("results[0].explain")).as("off by default").isNull();
    }
}
