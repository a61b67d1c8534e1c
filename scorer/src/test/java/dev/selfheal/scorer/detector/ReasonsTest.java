package dev.selfheal.scorer.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReasonsTest {

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.004, 0.005, 0.07, 0.1, 0.25, 0.5, 0.994, 0.996, 1, 1.5, 2.349, 9.999, 10.01, 123.456,
            -0.25, -3.5, Double.NaN, Double.POSITIVE_INFINITY, 1e20})
    void ratiosPrintAsTwoDecimalsDo(double v) {
        assertThat(Reasons.twoDecimals(v)).isEqualTo(String.format(Locale.ROOT, "%.2f", v));
    }
}
