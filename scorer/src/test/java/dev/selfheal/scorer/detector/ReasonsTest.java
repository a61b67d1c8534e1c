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

    @org.junit.jupiter.api.Test
    void nowNumbersKeepFourSignificantDigitsAndNoTrailingZeros() {
        assertThat(Reasons.shortNumber(0.02)).isEqualTo("0.02");
        assertThat(Reasons.shortNumber(0.59183)).isEqualTo("0.5918");
        assertThat(Reasons.shortNumber(-0.14031)).isEqualTo("-0.1403");
        assertThat(Reasons.shortNumber(123456)).isEqualTo("123500");
        assertThat(Reasons.shortNumber(0)).isEqualTo("0");
        assertThat(Reasons.shortNumber(Double.NaN)).isEqualTo("?");
    }

    @org.junit.jupiter.api.Test
    void nowInWordsSaysTheValueTheBandHowLongAndTheModel() {
        Now outside = new Now(0, 0, true, 5, 10_000, 0.5, 0, 0.21, 0.02, 0.12, 4);
        assertThat(Reasons.now(outside)).isEqualTo(
                "value 0.5 against a normal band of 0–0.21 for the last 5 points (10 s): sustained (model v4)");
        Now forecastOnly = new Now(0, 0, true, 1, 2_000, 0.18, 0, 0.21, 0.02, 0.12, 4);
        assertThat(Reasons.now(forecastOnly)).isEqualTo("value 0.18 against a normal band of 0–0.21 (inside it, "
                + "but outside the forecast band 0.02–0.12) for the last 1 point (2 s): just outside (model v4)");
        Now back = new Now(0, 0, false, 3, 6_000, 0.04, 0, 0.21, 0.02, 0.12, 4);
        assertThat(Reasons.now(back)).isEqualTo(
                "value 0.04 back inside a normal band of 0–0.21 for the last 3 points (6 s) (model v4)");
        Now fallback = new Now(0, 0, false, 200, 400_000, 9.9, 9.1, 10.7, 9.1, 10.7, 0);
        assertThat(Reasons.now(fallback)).isEqualTo("value 9.9 back inside a normal band of 9.1–10.7 for the last "
                + "200 points (7 min) (median/MAD fallback, no model yet)");
    }
}
