package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replica that did not answer is asked last for a while, never skipped. */
class ReplicaHealthTest {

    Instant now = Instant.parse("2026-12-06T05:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aDownReplicaIsAskedLastUntilItsTimeIsOver() {
        ReplicaHealth health = new ReplicaHealth(Duration.ofSeconds(10), clock);
        List<String> ranked = List.of("a", "b", "c");
        health.markDown("a");
        assertThat(health.upFirst(ranked)).containsExactly("b", "c", "a");
        now = now.plusSeconds(9);
        assertThat(health.isDown("a")).isTrue();
        now = now.plusSeconds(1);
        assertThat(health.upFirst(ranked)).containsExactly("a", "b", "c");
    }

    @Test
    void whenAllAreDownAllAreStillAskedInOrder() {
        ReplicaHealth health = new ReplicaHealth(Duration.ofSeconds(10), clock);
        health.markDown("b");
        health.markDown("a");
        assertThat(health.upFirst(List.of("a", "b", "c"))).containsExactly("c", "a", "b");
        health.markDown("c");
        assertThat(health.upFirst(List.of("a", "b", "c"))).containsExactly("a", "b", "c");
        health.markUp("b");
        assertThat(health.upFirst(List.of("a", "b", "c"))).containsExactly("b", "a", "c");
    }
}
