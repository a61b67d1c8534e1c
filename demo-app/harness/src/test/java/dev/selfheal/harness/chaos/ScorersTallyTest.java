package dev.selfheal.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code chaos scorers}' pure parts: the scorers' training lines (real logs of a run in which
 * replica a was killed, {@code src/test/resources/chaos/}), what counts as a confirm answered, the
 * tally and its last line.
 */
class ScorersTallyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String resource(String name) throws IOException {
        try (InputStream in = ScorersTallyTest.class.getResourceAsStream("/chaos/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void trainingLinesAreReadWithTheirSeriesVersionAndReplica() throws IOException {
        List<TrainingLog.Training> killed = TrainingLog.trainings(resource("scorer-a-killed.log"));
        assertThat(killed).containsExactly(new TrainingLog.Training("eb14884695cfd3a7", 1, "a"),
                new TrainingLog.Training("57a27ccf0799c39a", 1, "a"));
        List<TrainingLog.Training> survivor = TrainingLog.trainings(resource("scorer-b-survivor.log"));
        assertThat(survivor).hasSize(23).allMatch(t -> t.replica().equals("b") && t.version() == 1);
        assertThat(TrainingLog.trainings("2026-12-06 05:26:01.018 INFO  [de.se.sc.st.StoreStartup] scorer store: "
                + "PostgreSQL 127.0.0.1:5432/x as postgres")).isEmpty();
    }

    @Test
    void aVersionTrainedByBothReplicasIsADuplicateAndOnlyThat() throws IOException {
        List<TrainingLog.Training> all = new ArrayList<>(TrainingLog.trainings(resource("scorer-a-killed.log")));
        all.addAll(TrainingLog.trainings(resource("scorer-b-survivor.log")));
        Map<String, List<TrainingLog.Training>> twice = TrainingLog.duplicates(all);
        // that run: b trained again the version a had trained and saved just before it was killed
        assertThat(twice).containsOnlyKeys("eb14884695cfd3a7 v1");
        assertThat(twice.get("eb14884695cfd3a7 v1")).extracting(TrainingLog.Training::replica).containsExactly("a", "b");
        assertThat(TrainingLog.duplicates(List.of(new TrainingLog.Training("s", 1, "a"),
                new TrainingLog.Training("s", 2, "b")))).as("another version is not a duplicate").isEmpty();
    }

    @Test
    void waitingForAnotherReplicasTrainingIsCountedApart() {
        assertThat(TrainingLog.waits("""
                2026-12-06 05:27:00.415 INFO  [de.se.sc.re.SavedModels] model 36a9ce46acdeb24d version 1 is being trained by another replica; waiting for it
                2026-12-06 05:27:09.634 INFO  [de.se.sc.re.SavedModels] model 36a9ce46acdeb24d version 1 trained on 600 points (0 left out as past anomalous events) in 1.8 s by b
                """)).isEqualTo(1);
    }

    private static JsonNode episode(String decision) throws IOException {
        return JSON.readTree("{\"id\":23,\"test\":true,\"timeline\":[{\"at\":\"2026-12-06T05:27:01Z\",\"kind\":\"delivery\","
                + "\"status\":\"firing\"}" + (decision == null ? "" : "," + decision) + "]}");
    }

    @Test
    void aDecisionWithTheScorersAnswerIsAnsweredAndOneWithoutItIsNot() throws IOException {
        assertThat(ConfirmAnswer.of(episode("{\"kind\":\"decision\",\"status\":\"SHADOW\",\"playbook\":\"chaos-latency-seconds\","
                + "\"reason\":\"test alert (selfheal_test=\\\"true\\\"), decided as in shadow mode: …\",\"score\":0.12,"
                + "\"model\":\"READY model eb14884695cfd3a7 v1\",\"scorer\":{\"anomalous\":false}}"))).isEqualTo(ConfirmAnswer.MODEL);
        assertThat(ConfirmAnswer.of(episode("{\"kind\":\"decision\",\"status\":\"PAGE_ONLY\",\"reason\":\"test alert "
                + "(selfheal_test=\\\"true\\\"), decided as in shadow mode: nothing runs, nothing goes to PagerDuty; the scorer "
                + "has no trained model for this series yet (PENDING (median/MAD fallback; model eb14884695cfd3a7)); policy: page\","
                + "\"model\":\"PENDING (median/MAD fallback; model eb14884695cfd3a7)\"}"))).isEqualTo(ConfirmAnswer.FALLBACK);
        ConfirmAnswer down = ConfirmAnswer.of(episode("{\"kind\":\"decision\",\"status\":\"PAGE_ONLY\",\"reason\":\"test alert "
                + "(selfheal_test=\\\"true\\\"), decided as in shadow mode: nothing runs, nothing goes to PagerDuty; the scorer is "
                + "unavailable (the scorer is unreachable: Connection refused); policy: page\"}"));
        assertThat(down).isEqualTo(ConfirmAnswer.UNAVAILABLE);
        assertThat(down.answered()).isFalse();
        assertThat(ConfirmAnswer.of(episode(null))).isEqualTo(ConfirmAnswer.NO_DECISION);
        assertThat(ConfirmAnswer.NO_DECISION.answered()).isFalse();
    }

    @Test
    void theRunPassesOnlyWithEverySeriesModelledTrainedOnceAndAnswered() {
        List<String> queries = List.of("q1", "q2", "q3");
        Map<String, String> ids = Map.of("q1", "i1", "q2", "i2", "q3", "i3");
        Set<String> models = Set.of("i1", "i2", "i3");
        List<TrainingLog.Training> once = List.of(new TrainingLog.Training("i1", 1, "a"),
                new TrainingLog.Training("i2", 1, "b"), new TrainingLog.Training("i3", 1, "b"));
        Map<String, ConfirmAnswer> answered = Map.of("q1", ConfirmAnswer.MODEL, "q2", ConfirmAnswer.MODEL,
                "q3", ConfirmAnswer.FALLBACK);
        ScorersTally ok = ScorersTally.of(queries, ids, models, once, answered);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.line()).isEqualTo("series=3 lost_models=0 duplicate_training=0 unanswered=0");

        assertThat(ScorersTally.of(queries, Map.of("q1", "i1", "q2", "i2"), models, once, answered).lostModels())
                .as("a series the store never listed").isEqualTo(1);
        assertThat(ScorersTally.of(queries, ids, Set.of("i1"), once, answered).lostModels())
                .as("listed but without a saved version").isEqualTo(2);
        List<TrainingLog.Training> twice = new ArrayList<>(once);
        twice.add(new TrainingLog.Training("i1", 1, "b"));
        ScorersTally dup = ScorersTally.of(queries, ids, models, twice, answered);
        assertThat(dup.duplicateTraining()).isEqualTo(1);
        assertThat(dup.ok()).isFalse();
        ScorersTally missing = ScorersTally.of(queries, ids, models, once, Map.of("q1", ConfirmAnswer.MODEL,
                "q2", ConfirmAnswer.UNAVAILABLE));
        assertThat(missing.unanswered()).as("unavailable, and no decision at all").isEqualTo(2);
        assertThat(missing.line()).isEqualTo("series=3 lost_models=0 duplicate_training=0 unanswered=2");
        assertThat(ScorersTally.of(List.of(), Map.of(), Set.of(), List.of(), Map.of()).ok()).as("nothing asked").isFalse();
    }

    @Test
    void theReceiversScorerRequestsAreSummedByRoleAndOutcome() {
        String exposition = """
                # TYPE selfheal_scorer_requests_total counter
                selfheal_scorer_requests_total{outcome="answered",replica="http://127.0.0.1:18591",role="owner"} 30.0
                selfheal_scorer_requests_total{outcome="answered",replica="http://127.0.0.1:18592",role="owner"} 12.0
                selfheal_scorer_requests_total{outcome="unreachable",replica="http://127.0.0.1:18592",role="owner"} 2.0
                selfheal_scorer_requests_total{outcome="answered",replica="http://127.0.0.1:18591",role="stand_in"} 14.0
                selfheal_scorer_score_total 3.0
                """;
        assertThat(FleetReceiver.requests(exposition))
                .isEqualTo("owner answered 42, owner unreachable 2, stand-in answered 14");
        assertThat(FleetReceiver.requests("")).isEqualTo("none counted");
    }

    @Test
    void theStandInServesEachSeriesFromItsFirstPointOnAndTheAlertNamesItsMetric() {
        FleetPrometheus p = new FleetPrometheus(8, 1000, 1_796_534_700L);
        assertThat(p.series()).hasSize(3).allSatisfy((metric, names) -> assertThat(names).hasSize(8));
        assertThat(p.series().get("chaos_latency_seconds")).startsWith("latency-01", "latency-02");
        assertThat(p.first).isEqualTo(1_796_534_700L / 15 * 15 - 1000 * 15);
        assertThat(FleetPrometheus.value("chaos_queue_depth", "queue-01", 1_796_534_700L))
                .isEqualTo(FleetPrometheus.value("chaos_queue_depth", "queue-01", 1_796_534_700L))
                .isNotEqualTo(FleetPrometheus.value("chaos_queue_depth", "queue-02", 1_796_534_700L));
        assertThat(FleetReceiver.alertName("chaos_error_ratio")).isEqualTo("ChaosError");
    }
}
