package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the copy tool is given: per source, a line per series that gets its state, with the labels the stand-in answers. */
class CopiesTest {

    @Test
    void eachSourceGetsItsThreeCopiesInItsTemplate() throws Exception {
        Map<String, List<String>> targets = Copies.targets(new ScaleLayout(2000));
        assertThat(targets).hasSize(500);
        assertThat(targets.values().stream().mapToInt(List::size).sum()).isEqualTo(1500);
        List<String> lines = targets.get("bench_metric_7{instance=\"i-17\"}");
        assertThat(lines).hasSize(3);
        assertThat(new ObjectMapper().readTree(lines.get(0))).isEqualTo(new ObjectMapper().readTree(
                "{\"query\":\"bench_metric_7{instance=\\\"i-42\\\"}\",\"step\":\"15s\","
                        + "\"labels\":{\"__name__\":\"bench_metric_7\",\"instance\":\"i-42\",\"job\":\"bench\"}}"));
    }

    @Test
    void aRunOfOnlySourcesHasNothingToCopy() {
        assertThat(Copies.targets(new ScaleLayout(25))).isEmpty();
    }
}
