package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bench's series: how many, which are trained, whose copy each other one is, and what a query selects. */
class ScaleLayoutTest {

    private final ScaleLayout layout = new ScaleLayout(2000);

    @Test
    void theDefaultIs20TemplatesOf100SeriesAQuarterOfThemTrained() {
        assertThat(layout.all()).hasSize(2000);
        assertThat(layout.all().stream().map(ScaleLayout.Series::name).distinct()).hasSize(20);
        assertThat(layout.sources()).hasSize(500);
        assertThat(layout.all().stream().map(ScaleLayout.Series::query).distinct()).hasSize(2000);
        assertThat(layout.sources().stream().map(ScaleLayout.Series::seed).distinct()).hasSize(500);
    }

    @Test
    void eachSeriesIsAskedByItsOwnSelectorAndAnsweredWithItsLabels() {
        ScaleLayout.Series s = layout.get(742);
        assertThat(s.query()).isEqualTo("bench_metric_7{instance=\"i-42\"}");
        assertThat(s.labels()).isEqualTo(Map.of("__name__", "bench_metric_7", "instance", "i-42", "job", "bench"));
        assertThat(s.source()).isFalse();
    }

    @Test
    void aCopyHasTheSeedOfItsSourceInItsOwnTemplate() {
        assertThat(layout.sourceOf(742)).isEqualTo(layout.get(717));
        assertThat(layout.get(742).seed()).isEqualTo(layout.get(717).seed());
        assertThat(layout.sourceOf(717)).isEqualTo(layout.get(717));
        assertThat(layout.index(layout.get(742))).isEqualTo(742);
        for (int i = 0; i < 2000; i++) {
            ScaleLayout.Series source = layout.sourceOf(i);
            assertThat(source.source()).isTrue();
            assertThat(source.seed()).isEqualTo(layout.get(i).seed());
            assertThat(source.name()).isEqualTo(layout.get(i).name());
        }
    }

    @Test
    void aTemplateSelectsItsHundredSeriesAndASelectorOne() {
        assertThat(layout.select("bench_metric_7")).hasSize(100);
        assertThat(layout.select(" bench_metric_7{ instance = \"i-42\" } ")).containsExactly(layout.get(742));
        assertThat(layout.select("bench_metric_7{instance=\"i-100\"}")).isEmpty();
        assertThat(layout.select("bench_metric_20")).isEmpty();
        assertThat(layout.select("up")).isEmpty();
        assertThat(layout.select("rate(bench_metric_7[5m])")).isEmpty();
        assertThat(layout.select("bench_fresh")).hasSize(ScaleLayout.FRESH);
        assertThat(layout.select("bench_fresh{instance=\"f-3\"}")).containsExactly(layout.fresh().get(3));
    }

    @Test
    void aSmallerRunKeepsTheShapeAndTheLastTemplateMayBePartial() {
        ScaleLayout small = new ScaleLayout(130);
        assertThat(small.sources()).hasSize(50);
        assertThat(small.select("bench_metric_1")).hasSize(30);
        assertThat(small.sourceOf(129)).isEqualTo(small.get(104));
        assertThat(new ScaleLayout(10).sources()).hasSize(10);
    }

    @Test
    void theFreshSeriesAreNoneOfTheOthersValues() {
        Set<Integer> seeds = layout.all().stream().map(ScaleLayout.Series::seed).collect(Collectors.toSet());
        assertThat(layout.fresh()).allSatisfy(f -> assertThat(seeds).doesNotContain(f.seed()));
    }
}
