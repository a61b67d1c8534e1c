package dev.selfheal.receiver.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.selfheal.receiver.prometheus.PrometheusSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RuleReplayTest {

    private static final long STEP = 15_000;
    private static final long[] EVALS = LongStream.range(0, 40).map(i -> i * STEP).toArray();

    private static AlertRules.Rule rule(Duration holdFor, Duration keep) {
        return new AlertRules.Rule("r.yml", "g", Duration.ofMillis(STEP), "QueueHigh", "queue > 200", holdFor, keep,
                Map.of("severity", "page"));
    }

    /** A series active at evaluations first..last (inclusive). */
    private static PrometheusSeries active(int first, int last) {
        long[] t = LongStream.rangeClosed(first, last).map(i -> i * STEP).toArray();
        return new PrometheusSeries(Map.of("job", "svc"), t, new double[t.length]);
    }

    @Test
    void anAlertWithForFiresAtTheFirstEvaluationThatLongAfterItBecameActive() {
        // active at evaluations 2..10: 8 steps = 120 s after the first, so a 2m `for` fires at 10
        List<AlertOccurrence> fired = RuleReplay.occurrences(rule(Duration.ofMinutes(2), Duration.ZERO), EVALS,
                List.of(active(2, 10)));
        assertThat(fired).containsExactly(new AlertOccurrence(
                Map.of("job", "svc", "severity", "page", "alertname", "QueueHigh"),
                Instant.ofEpochMilli(10 * STEP), Instant.ofEpochMilli(11 * STEP)));
    }

    @Test
    void oneEvaluationShortOfForNeverFires() {
        assertThat(RuleReplay.occurrences(rule(Duration.ofMinutes(2), Duration.ZERO), EVALS, List.of(active(2, 9))))
                .isEmpty();
    }

    @Test
    void withoutForEveryActiveRunFiresAtOnceAndResolvesAtTheFirstInactiveEvaluation() {
        long[] t = LongStream.of(3, 20, 21, 22).map(i -> i * STEP).toArray();
        PrometheusSeries s = new PrometheusSeries(Map.of("job", "svc"), t, new double[t.length]);
        assertThat(RuleReplay.occurrences(rule(Duration.ZERO, Duration.ZERO), EVALS, List.of(s)))
                .extracting(AlertOccurrence::firedAt, AlertOccurrence::resolvedAt)
                .containsExactly(tuple(Instant.ofEpochMilli(3 * STEP), Instant.ofEpochMilli(4 * STEP)),
                        tuple(Instant.ofEpochMilli(20 * STEP), Instant.ofEpochMilli(23 * STEP)));
    }

    @Test
    void keepFiringForBridgesAShortGapAndEndsAfterIt() {
        long[] t = LongStream.concat(LongStream.rangeClosed(2, 5), LongStream.rangeClosed(8, 9)).map(i -> i * STEP)
                .toArray();
        PrometheusSeries gappy = new PrometheusSeries(Map.of("job", "svc"), t, new double[t.length]);
        List<AlertOccurrence> fired = RuleReplay.occurrences(rule(Duration.ZERO, Duration.ofSeconds(45)), EVALS,
                List.of(gappy));
        // inactive at 6, 7 (30 s < 45 s): kept; inactive again from 10: resolved at 13 (45 s later)
        assertThat(fired).extracting(AlertOccurrence::firedAt, AlertOccurrence::resolvedAt)
                .containsExactly(tuple(Instant.ofEpochMilli(2 * STEP),
                        Instant.ofEpochMilli(13 * STEP)));
        List<AlertOccurrence> without = RuleReplay.occurrences(rule(Duration.ZERO, Duration.ZERO), EVALS,
                List.of(gappy));
        assertThat(without).extracting(AlertOccurrence::firedAt)
                .containsExactly(Instant.ofEpochMilli(2 * STEP), Instant.ofEpochMilli(8 * STEP));
    }

    @Test
    void anAlertStillFiringAtTheEndHasNoResolve() {
        assertThat(RuleReplay.occurrences(rule(Duration.ZERO, Duration.ZERO), EVALS, List.of(active(30, 39))))
                .singleElement().satisfies(o -> assertThat(o.resolvedAt()).isNull());
    }

    @Test
    void aPendingAlertThatStopsIsDroppedAndStartsOverWhenActiveAgain() {
        long[] t = LongStream.concat(LongStream.rangeClosed(1, 6), LongStream.rangeClosed(8, 16)).map(i -> i * STEP)
                .toArray();
        PrometheusSeries s = new PrometheusSeries(Map.of("job", "svc"), t, new double[t.length]);
        // 1..6 is 75 s (under 2m): dropped; 8..16 is 120 s: fires at 16, not at 9
        assertThat(RuleReplay.occurrences(rule(Duration.ofMinutes(2), Duration.ZERO), EVALS, List.of(s)))
                .extracting(AlertOccurrence::firedAt).containsExactly(Instant.ofEpochMilli(16 * STEP));
    }

    @Test
    void durationsAreReadAsPrometheusWritesThem() {
        assertThat(AlertRules.duration("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
        assertThat(AlertRules.duration("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(AlertRules.duration("0s", "x")).isZero();
        assertThatThrownBy(() -> AlertRules.duration("5 minutes", "r.yml: for"))
                .hasMessageContaining("r.yml: for: '5 minutes' is not a duration");
    }
}
