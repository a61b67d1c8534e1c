package dev.selfheal.harness.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sources' values: fixed by seed and point, different from one source to another, a few with an anomaly. */
class ScaleValuesTest {

    private static double[] values(int seed) {
        return IntStream.range(0, ScaleValues.POINTS).mapToDouble(j -> ScaleValues.value(seed, j)).toArray();
    }

    @Test
    void aSeriesValuesAreAFunctionOfItsSeedAndPointOnly() {
        assertThat(values(17)).containsExactly(values(17));
        assertThat(ScaleValues.value(17, 500)).isEqualTo(ScaleValues.value(17, 500));
    }

    @Test
    void theSourcesDifferInLevelCycleAndNoise() {
        List<double[]> sources = IntStream.range(0, 500).mapToObj(ScaleValuesTest::values).toList();
        double[] medians = sources.stream().mapToDouble(v -> median(v)).toArray();
        assertThat(Arrays.stream(medians).min().orElseThrow()).isLessThan(10);
        assertThat(Arrays.stream(medians).max().orElseThrow()).isGreaterThan(100);
        assertThat(Arrays.stream(medians).distinct().count()).isEqualTo(500);
        assertThat(sources).allSatisfy(v -> assertThat(Arrays.stream(v).allMatch(Double::isFinite)).isTrue());
    }

    @Test
    void theNoiseIsStandardNormal() {
        double[] g = IntStream.range(0, 20_000).mapToDouble(j -> ScaleValues.gaussian(3, j)).toArray();
        double mean = Arrays.stream(g).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(g).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
        assertThat(mean).isCloseTo(0, within(0.05));
        assertThat(sd).isCloseTo(1, within(0.05));
    }

    @Test
    void oneSeedIn7HasAnAnomalyAfterItsFirstModelAndItStandsOut() {
        long withAnomaly = IntStream.range(0, 500).filter(s -> ScaleValues.anomalyAt(s) >= 0).count();
        assertThat(withAnomaly).isBetween(70L, 73L);
        for (int seed : new int[] {0, 7, 14, 21}) {
            int at = ScaleValues.anomalyAt(seed);
            assertThat(at).isBetween(650, 949);
            double[] v = values(seed);
            double before = median(Arrays.copyOfRange(v, at - 60, at));
            double spread = mad(Arrays.copyOfRange(v, at - 60, at));
            assertThat(Math.abs(v[at] - before)).as("seed %d at %d", seed, at).isGreaterThan(5 * spread);
        }
        assertThat(ScaleValues.anomalyAt(1)).isEqualTo(-1);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double mad(double[] v) {
        double m = median(v);
        return median(Arrays.stream(v).map(x -> Math.abs(x - m)).toArray());
    }
}
