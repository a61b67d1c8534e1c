package dev.selfheal.scorer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromDurationTest {

    @ParameterizedTest
    @CsvSource({"15s,PT15S", "500ms,PT0.5S", "30m,PT30M", "1h30m,PT1H30M", "2d,PT48H", "1w,PT168H",
            "1y,PT8760H", "1m30s500ms,PT1M30.5S", "90s,PT1M30S"})
    void parsesPrometheusDurations(String text, String expected) {
        assertThat(PromDuration.parse(text, "window")).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15", "s", "1.5h", "15 s", "-5m", "15S", "1hh", "m15", "15sec", "99999999999999999y"})
    void refusesWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> PromDuration.parse(text, "window")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("window must be a Prometheus duration"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "0h0m"})
    void refusesZero(String text) {
        assertThatThrownBy(() -> PromDuration.parse(text, "step")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("step must be longer than zero"));
    }

    @ParameterizedTest
    @CsvSource({"1d", "1h30m", "15s", "500ms", "1d2h3m4s5ms"})
    void formatsAsItParses(String text) {
        assertThat(PromDuration.format(PromDuration.parse(text, "x"))).isEqualTo(text);
    }
}
