package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The stand-in's answers: 1,000 points ending at the fixed end, a copy's the same as its source's, at any grid. */
class ScalePrometheusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long END = 1_796_533_245L;
    private final ScaleLayout layout = new ScaleLayout(2000);
    private final ScalePrometheus prometheus = new ScalePrometheus(layout, END);

    @Test
    void aSeriesHasItsThousandPointsEndingAtTheEndAndNothingElse() throws Exception {
        JsonNode r = JSON.readTree(prometheus.range("bench_metric_7{instance=\"i-42\"}", END - 86_400, END + 600, 15));
        assertThat(r.path("status").asText()).isEqualTo("success");
        JsonNode series = r.path("data").path("result");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).path("metric").path("instance").asText()).isEqualTo("i-42");
        JsonNode values = series.get(0).path("values");
        assertThat(values).hasSize(ScaleValues.POINTS);
        assertThat(values.get(999).get(0).asLong()).isEqualTo(END);
        assertThat(values.get(999).get(1).asDouble()).isEqualTo(ScaleValues.value(layout.get(742).seed(), 999));
        assertThat(values.get(0).get(0).asLong()).isEqualTo(END - 999 * 15);
    }

    @Test
    void aCopyAnswersItsSourcesValuesAtAGridOffsetFromTheSteps() throws Exception {
        double start = END - 3600 + 7.25;
        JsonNode copy = JSON.readTree(prometheus.range("bench_metric_7{instance=\"i-42\"}", start, END, 15));
        JsonNode source = JSON.readTree(prometheus.range("bench_metric_7{instance=\"i-17\"}", start, END, 15));
        assertThat(copy.path("data").path("result").get(0).path("values"))
                .isEqualTo(source.path("data").path("result").get(0).path("values"));
        assertThat(prometheus.range("bench_metric_7{instance=\"i-42\"}", start, END, 15)).contains("\"values\":[[1796529652.250,\"");
    }

    @Test
    void aTemplateAnswersItsHundredSeriesAndAnUnknownQueryNothing() throws Exception {
        assertThat(JSON.readTree(prometheus.range("bench_metric_3", END - 60, END, 15)).path("data").path("result")).hasSize(100);
        assertThat(JSON.readTree(prometheus.range("up", END - 60, END, 15)).path("data").path("result")).isEmpty();
        assertThat(JSON.readTree(prometheus.range("bench_metric_3", END + 15, END + 600, 15)).path("data").path("result"))
                .as("after the end: no series, as Prometheus leaves out a series without points").isEmpty();
    }

    @Test
    void anInstantQueryAnswersTheStepItFallsIn() throws Exception {
        JsonNode v = JSON.readTree(prometheus.instant("bench_fresh{instance=\"f-2\"}", END - 14.5));
        assertThat(v.path("data").path("resultType").asText()).isEqualTo("vector");
        assertThat(v.path("data").path("result").get(0).path("value").get(1).asDouble())
                .isEqualTo(ScaleValues.value(layout.fresh().get(2).seed(), 998));
    }

    @Test
    void timesAreWrittenAsPrometheusWritesThem() {
        assertThat(ScalePrometheus.time(1_796_533_245.0)).isEqualTo("1796533245");
        assertThat(ScalePrometheus.time(1_796_533_245.5)).isEqualTo("1796533245.500");
        assertThat(ScalePrometheus.time(1_796_533_245.007)).isEqualTo("1796533245.007");
    }
}
