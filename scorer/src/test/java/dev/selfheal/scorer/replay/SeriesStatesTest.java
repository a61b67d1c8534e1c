package dev.selfheal.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.detector.Point;
import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.prometheus.Series;
import dev.selfheal.scorer.store.FileBlobs;
import dev.selfheal.scorer.store.LocalLeases;
import dev.selfheal.scorer.store.Replica;
import dev.selfheal.scorer.support.TestConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's series within a memory budget: past it the least recently asked leave memory and
 * come back from their saved state answering as before; a restart knows every series at once and
 * catches each up from its saved state, reading only the points it missed, with one range query
 * for the series of one query.
 */
class SeriesStatesTest {

    private static final long STEP = 15_000;
    private static final long START = 1_800_000_000_000L;
    private static final String[] QUERIES = {"metric_a", "metric_b"};
    private static final int PER_QUERY = 10;

    @TempDir
    Path dir;

    /** A stand-in Prometheus: every query has its series (label instance), values a function of time; counts range queries. */
    private final Map<String, AtomicInteger> rangeQueries = new ConcurrentHashMap<>();
    private volatile long lastPoint = START + 500 * STEP;

    private List<Series> queryRange(String query, Instant start, Instant end, Duration step) {
        rangeQueries.computeIfAbsent(query, q -> new AtomicInteger()).incrementAndGet();
        List<Series> out = new ArrayList<>();
        for (int s = 0; s < PER_QUERY; s++) {
            List<Double> ts = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (long t = start.toEpochMilli(); t <= Math.min(end.toEpochMilli(), lastPoint); t += step.toMillis()) {
                long k = (t - START) / STEP;
                ts.add(t / 1000.0);
                vs.add(10 + s + Math.sin(k / 20.0 + s) + ((k * 7919 + s * 104729) % 17) / 40.0
                        + (k % 233 == 0 ? 6 : 0));
            }
            out.add(new Series(Map.of("instance", "i-" + s), ts.stream().mapToDouble(Double::doubleValue).toArray(),
                    vs.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private SeriesStates states(SimpleMeterRegistry meters, String budget) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("model-dir", dir);
        overrides.put("training.first-after", 300);
        overrides.put("training.epochs", 1);
        overrides.put("training.lookback", Duration.ofMillis(500 * STEP));
        overrides.put("scorer-memory-budget", budget);
        return new SeriesStates(TestConfig.of(overrides), Clock.systemUTC(), meters, this::queryRange,
                new FileBlobs(dir), new LocalLeases(Clock.systemUTC()), new Replica("test"), Duration.ofMinutes(1));
    }

    private static SeriesDetector ask(SeriesStates states, String query, int instance, long end) throws Exception {
        SeriesState s = states.state(query, Duration.ofMillis(STEP), Map.of("instance", "i-" + instance), end);
        return states.advance(s, end).get(60, TimeUnit.SECONDS);
    }

    @Test
    void pastTheBudgetSeriesLeaveMemoryAndComeBackAnsweringAsBefore() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SeriesStates states = states(meters, "1m");
        long end = lastPoint;
        Map<String, Point> before = new HashMap<>();
        for (String q : QUERIES) {
            for (int i = 0; i < PER_QUERY; i++) {
                SeriesDetector d = ask(states, q, i, end);
                assertThat(d.modelVersion()).as("trained at 300 points").isEqualTo(1);
                before.put(q + i, d.at(end));
            }
        }
        long total = states.all().stream().mapToLong(SeriesState::bytes).sum();
        assertThat(total).as("20 series hold more than the 1 MB budget").isGreaterThan(1 << 20);
        states.enforceBudget();
        assertThat(states.all().stream().mapToLong(SeriesState::bytes).sum()).isLessThanOrEqualTo((1 << 20) * 9 / 10);
        assertThat(states.storedCount()).isPositive();
        assertThat(states.residentCount() + states.storedCount()).isEqualTo(2 * PER_QUERY);
        assertThat(meters.counter("selfheal.scorer.series.evictions").count()).isEqualTo(states.storedCount());
        SeriesState first = states.find("metric_a", Duration.ofMillis(STEP), Map.of("instance", "i-0")).orElseThrow();
        assertThat(first.resident()).as("the least recently asked left first").isFalse();
        assertThat(first.summary().version()).as("listed from its saved summary").isEqualTo(1);

        long trainings = meters.timer("selfheal.scorer.training.duration", "outcome", "ready").count();
        SeriesDetector back = ask(states, "metric_a", 0, end);
        assertThat(first.resident()).isTrue();
        assertThat(back.at(end)).as("the same answer as before it left").isEqualTo(before.get("metric_a0"));
        assertThat(meters.timer("selfheal.scorer.series.load.duration").count()).isEqualTo(1);
        assertThat(meters.timer("selfheal.scorer.training.duration", "outcome", "ready").count())
                .as("no training to come back").isEqualTo(trainings);
    }

    @Test
    void aRestartCatchesUpFromTheSavedStatesWithOneRangeQueryPerQuery() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SeriesStates states = states(meters, "512m");
        long end = lastPoint;
        for (String q : QUERIES) {
            for (int i = 0; i < PER_QUERY; i++) {
                ask(states, q, i, end);
            }
        }
        states.saveAll();

        lastPoint += 40 * STEP; // the scorer is down for 40 steps
        long later = lastPoint;
        SimpleMeterRegistry after = new SimpleMeterRegistry();
        SeriesStates restarted = states(after, "512m");
        restarted.loadSaved();
        assertThat(restarted.loaded()).isTrue();
        assertThat(restarted.all()).hasSize(2 * PER_QUERY).allSatisfy(s -> assertThat(s.resident()).isFalse());
        rangeQueries.clear();
        restarted.advanceKnown("metric_a", Duration.ofMillis(STEP), later);
        for (int i = 0; i < PER_QUERY; i++) {
            SeriesDetector d = ask(restarted, "metric_a", i, later);
            assertThat(d.lastTimestamp()).isEqualTo(later);
            assertThat(d.modelVersion()).isEqualTo(1);
        }
        assertThat(rangeQueries.get("metric_a").get()).as("one range query caught up the query's series")
                .isEqualTo(1);
        assertThat(after.counter("selfheal.scorer.replay.points").count()).as("only the 40 missed points each")
                .isEqualTo(PER_QUERY * 40);
        assertThat(after.timer("selfheal.scorer.series.load.duration").count()).isEqualTo(PER_QUERY);
        assertThat(after.timer("selfheal.scorer.training.duration", "outcome", "ready").count())
                .as("no training: the plan's next is at 600 points").isZero();

        // The caught-up series answers as a scorer that never stopped.
        SeriesStates never = new SeriesStates(TestConfig.of(Map.of("model-dir", dir.resolve("other"),
                "training.first-after", 300, "training.epochs", 1, "training.lookback",
                Duration.ofMillis(500 * STEP))), Clock.systemUTC(), new SimpleMeterRegistry(), this::queryRange,
                new FileBlobs(dir.resolve("other")), new LocalLeases(Clock.systemUTC()), new Replica("x"),
                Duration.ofMinutes(1));
        ask(never, "metric_a", 3, end);
        SeriesDetector whole = ask(never, "metric_a", 3, later);
        assertThat(ask(restarted, "metric_a", 3, later).between(end, later)).isEqualTo(whole.between(end, later));
    }
}
