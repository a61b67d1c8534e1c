package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading the scorer's metrics and answers. */
class ScaleMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EXPOSITION = """
            # HELP selfheal_scorer_series_load_duration_seconds One series brought back from its saved state
            # TYPE selfheal_scorer_series_load_duration_seconds summary
            selfheal_scorer_series_load_duration_seconds{quantile="0.5"} 0.004194304
            selfheal_scorer_series_load_duration_seconds{quantile="0.99"} 0.031457280
            selfheal_scorer_series_load_duration_seconds_count 1500.0
            selfheal_scorer_series_load_duration_seconds_sum 7.5
            selfheal_scorer_series_load_duration_seconds_max 0.06
            # TYPE selfheal_scorer_series gauge
            selfheal_scorer_series{state="resident"} 812.0
            selfheal_scorer_series{state="stored"} 1188.0
            selfheal_scorer_series_extra{state="resident"} 7.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1048576.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2097152.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9999999.0
            """;

    @Test
    void theLoadTimersPublishedQuantilesAndCount() {
        assertThat(ScaleMetrics.quantile(EXPOSITION, ScaleMetrics.LOAD, "0.99")).isEqualTo(0.03145728);
        assertThat(ScaleMetrics.quantile(EXPOSITION, ScaleMetrics.LOAD, "0.5")).isEqualTo(0.004194304);
        assertThat(ScaleMetrics.count(EXPOSITION, ScaleMetrics.LOAD)).isEqualTo(1500);
        assertThat(ScaleMetrics.quantile("", ScaleMetrics.LOAD, "0.99")).isNaN();
        assertThat(ScaleMetrics.count("", ScaleMetrics.LOAD)).isNaN();
    }

    @Test
    void theSeriesGaugeByStateAndNoMetricItPrefixes() {
        assertThat(ScaleMetrics.labelled(EXPOSITION, ScaleMetrics.SERIES, "state", "resident")).isEqualTo(812);
        assertThat(ScaleMetrics.labelled(EXPOSITION, ScaleMetrics.SERIES, "state", "stored")).isEqualTo(1188);
        assertThat(ScaleMetrics.labelled("", ScaleMetrics.SERIES, "state", "stored")).isNaN();
    }

    @Test
    void heapUsedIsTheHeapPoolsOnly() {
        assertThat(ScaleScorer.heapUsedMb(EXPOSITION)).isEqualTo(3.0);
        assertThat(ScaleScorer.heapUsedMb("")).isNaN();
    }

    @Test
    void anAnswerFromTheSavedModelIsReadyWithItsVersion() throws Exception {
        String ready = "{\"results\":[{\"model\":{\"id\":\"ab\",\"version\":1,\"status\":\"READY\"}}]}";
        assertThat(ScaleMetrics.fromSavedModel(JSON.readTree(ready), 1)).isTrue();
        assertThat(ScaleMetrics.fromSavedModel(JSON.readTree(ready), null)).isTrue();
        assertThat(ScaleMetrics.fromSavedModel(JSON.readTree(ready), 2)).as("another version: retrained, not loaded").isFalse();
        assertThat(ScaleMetrics.fromSavedModel(JSON.readTree(
                "{\"results\":[{\"model\":{\"id\":\"ab\",\"status\":\"PENDING\"}}]}"), null)).isFalse();
        assertThat(ScaleMetrics.fromSavedModel(JSON.readTree(
                "{\"results\":[{\"model\":{\"id\":\"ab\",\"status\":\"FALLBACK\"}}]}"), null)).isFalse();
        assertThat(ScaleMetrics.fromSavedModel(JSON.readTree("{\"code\":\"no_data\"}"), null)).isFalse();
        assertThat(ScaleMetrics.fromSavedModel(null, null)).isFalse();
    }

    @Test
    void residentIsSaidOrNot() throws Exception {
        assertThat(ScaleMetrics.resident(JSON.readTree("{\"resident\":true}"))).isTrue();
        assertThat(ScaleMetrics.resident(JSON.readTree("{\"resident\":false}"))).isFalse();
        assertThat(ScaleMetrics.resident(JSON.readTree("{\"status\":\"READY\"}"))).isNull();
    }

    @Test
    void theLoadGeneratorsP99AndErrors() {
        String summary = "requests=6000 errors=0 seconds=30.0 rps=200 p50_ms=0.41 p99_ms=3.87 max_ms=41.0 p99_from_due_ms=5.10";
        assertThat(ScaleBench.figure(summary, "p99_ms")).isEqualTo(3.87);
        assertThat(ScaleBench.figure(summary, "errors")).isZero();
        assertThat(ScaleBench.figure("", "p99_ms")).isNaN();
    }
}
