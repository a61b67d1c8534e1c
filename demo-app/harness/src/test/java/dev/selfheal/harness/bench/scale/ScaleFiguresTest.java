package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The last line and the verdict against the issue's targets. */
class ScaleFiguresTest {

    private static ScaleFigures met() {
        return new ScaleFigures(2000, 812.4, 151.37, 312.06, 21.4, 38.2, 4.71, List.of());
    }

    @Test
    void theLastLineNamesEveryFigureInTheIssuesOrder() {
        assertThat(met().line()).isEqualTo("series=2000 rss_mb=812 kb_per_model=151 train_s=312 restart_ready_s=21.4 "
                + "cold_load_p99_ms=38.2 score_p99_ms=4.71");
        assertThat(new ScaleFigures(100, Double.NaN, 9.5, 40, 3, 0.25, Double.NaN, List.of()).line())
                .isEqualTo("series=100 rss_mb=NaN kb_per_model=9.50 train_s=40 restart_ready_s=3 cold_load_p99_ms=0.25 "
                        + "score_p99_ms=NaN");
    }

    @Test
    void everyTargetMetIsAPass() {
        assertThat(met().misses()).isEmpty();
        assertThat(met().ok()).isTrue();
        assertThat(new ScaleFigures(2000, 1000, 200, 1, 30, 50, 5, List.of()).ok()).as("the targets are inclusive").isTrue();
    }

    @Test
    void eachTargetMissedIsNamedWithItsFigure() {
        ScaleFigures f = new ScaleFigures(2000, 1200, 250, 300, 31, 51, 5.01, List.of());
        assertThat(f.ok()).isFalse();
        assertThat(f.misses()).containsExactly("kb_per_model=250: over its target of 200", "rss_mb=1200: over its target of 1000",
                "restart_ready_s=31: over its target of 30", "cold_load_p99_ms=51: over its target of 50",
                "score_p99_ms=5.01: over its target of 5");
    }

    @Test
    void aFigureNotMeasuredOrAProblemIsAMiss() {
        ScaleFigures f = new ScaleFigures(500, 800, 100, Double.NaN, 20, Double.NaN, 3, List.of("copies: none made"));
        assertThat(f.ok()).isFalse();
        assertThat(f.misses()).containsExactly("copies: none made", "cold_load_p99_ms: not measured (target ≤ 50)",
                "train_s: not measured");
    }
}
