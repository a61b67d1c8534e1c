package dev.selfheal.receiver.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Prometheus' duration syntax, read once for playbooks and alerting rules. */
class DurationsTest {

    @Test
    void prometheusDurationsAreReadAndAnythingElseIsNot() {
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("0s")).contains(Duration.ZERO);
        assertThat(Durations.parse("1w2d")).contains(Duration.ofDays(9));
        assertThat(Durations.parse("1y")).contains(Duration.ofDays(365));
        for (String bad : new String[] {"", "5", "m5", "5 m", "5m ", "PT5M", "5x", "-5m"}) {
            assertThat(Durations.parse(bad)).as("'%s'", bad).isEmpty();
        }
    }
}
