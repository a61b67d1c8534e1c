package dev.selfheal.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer bench's reading of its parts, and how the harness starts the programs it measures. */
class ScorerBenchTest {

    @Test
    void theLastLineTakesTheP99NotTheP99FromDueAndKeepsTheInProcessFigures() {
        String rate = "requests=10000 errors=0 seconds=20.0 rps=500 p50_ms=0.15 p99_ms=4.47 max_ms=31.0 p99_from_due_ms=8.80";
        String floor = "requests=10000 errors=0 seconds=20.0 rps=500 p50_ms=0.10 p99_ms=3.09 max_ms=12.0 p99_from_due_ms=4.70";
        assertThat(ScorerBench.line("score_p50_us=155.1 score_p99_us=359.3 replay_10k_s=7.08", rate, floor, 347))
                .isEqualTo("score_p50_us=155.1 score_p99_us=359.3 replay_10k_s=7.08 http_p99_ms=4.47 http_rps=500 "
                        + "floor_p99_ms=3.09 rss_mb=347");
        assertThat(ScorerBench.line("a=1", "", "", 1)).isEqualTo("a=1 http_p99_ms=NaN http_rps=NaN floor_p99_ms=NaN rss_mb=1");
    }

    @Test
    void theLoadIsMeasuredOnlyOnceEverySeriesServesFromATrainedModelAndNoneReplays() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(TrainedScorer.trainedAndIdle(json.readTree("{\"models\":[{\"status\":\"READY\",\"replaying\":false}]}"))).isTrue();
        assertThat(TrainedScorer.trainedAndIdle(json.readTree("{\"models\":[{\"status\":\"READY\",\"replaying\":true}]}"))).isFalse();
        assertThat(TrainedScorer.trainedAndIdle(json.readTree("{\"models\":[{\"status\":\"FALLBACK\",\"replaying\":false}]}"))).isFalse();
        assertThat(TrainedScorer.trainedAndIdle(json.readTree("{\"models\":[]}"))).isFalse();
        assertThat(TrainedScorer.trainedAndIdle(null)).isFalse();
    }

    @Test
    void aMetricIsSummedOverItsSeriesAndNoOtherMetricWhoseNameItPrefixes() {
        String exposition = """
                # TYPE selfheal_alerts_received_total counter
                selfheal_alerts_received_total{status="firing"} 60.0
                selfheal_alerts_received_total{status="resolved"} 40.0
                selfheal_alerts_received_total_extra 7.0
                selfheal_pipeline_work_due 0.0
                """;
        assertThat(JavaProcess.metricSum(exposition, "selfheal_alerts_received_total")).isEqualTo(100.0);
        assertThat(JavaProcess.metricSum(exposition, "selfheal_pipeline_work_due")).isZero();
        assertThat(JavaProcess.metricSum(exposition, "absent")).isZero();
    }

    @Test
    void aProgramThatExitsBeforeItIsReadyFailsAtOnceNamingItsLog(@TempDir Path work) {
        List<String> exits = List.of(JavaProcess.java(), "-version");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JavaProcess.start(exits, Map.of(), work.resolve("x.log"),
                        URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exited").hasMessageContaining("x.log");
    }
}
