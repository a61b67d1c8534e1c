package dev.selfheal.scorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0, 0.0",
            "1, 0, 0.5",
            "0, 1, 0.5",
            "0.7071067811865476, 0.7071067811865476, 0.2928932188134524",
            "1, 1, 0.5",
            "2, 0, 0.9375",
            "3, 0, 0.998046875"})
    void oneComponentAtItsThresholdIsHalf(double lstm, double forest, double expected) {
        assertThat(Severity.combine(lstm, forest)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"0.5, 0.5, 0.6, 0", "0.7, 0.5, 0.6, 2", "0.55, 0.5, 0.6, 0.5", "0.4, 0.5, 0.6, 0"})
    void ratioIsZeroAtTheBaseAndOneAtTheThreshold(double value, double base, double threshold, double expected) {
        assertThat(Severity.ratio(value, base, threshold)).isCloseTo(expected, within(1e-9));
    }
}
