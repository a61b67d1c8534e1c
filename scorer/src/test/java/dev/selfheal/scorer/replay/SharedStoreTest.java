package dev.selfheal.scorer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.scorer.detector.SeriesDetector;
import dev.selfheal.scorer.prometheus.Series;
import dev.selfheal.scorer.store.Replica;
import dev.selfheal.scorer.store.postgres.PostgresStore;
import dev.selfheal.scorer.support.RequiresPostgres;
import dev.selfheal.scorer.support.TestConfig;
import dev.selfheal.scorer.support.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two scorer replicas on one PostgreSQL store: a series asked of both at once is trained once (the
 * version's lease), the other replica loads the saved version; a replica standing in for another
 * serves the series from its stored state, on the grid the owner laid.
 */
@ExtendWith(RequiresPostgres.class)
class SharedStoreTest {

    private static final long STEP = 15_000;
    private static final long START = 1_800_000_000_000L;

    @TempDir
    Path dir;
    private PostgresStore store;
    private String metric;

    @BeforeEach
    void open() throws Exception {
        store = TestPostgres.open();
        metric = "metric_" + TestPostgres.uniquePrefix();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<Series> queryRange(String query, Instant start, Instant end, Duration step) {
        int n = (int) ((end.toEpochMilli() - start.toEpochMilli()) / step.toMillis()) + 1;
        double[] ts = new double[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            long t = start.toEpochMilli() + i * step.toMillis();
            long k = (t - START) / STEP;
            ts[i] = t / 1000.0;
            vs[i] = 5 + Math.sin(k / 15.0) + (k * 7919 % 13) / 30.0;
        }
        return List.of(new Series(Map.of("instance", "i-1"), ts, vs));
    }

    private SeriesStates replica(String name, SimpleMeterRegistry meters) {
        return new SeriesStates(TestConfig.of(Map.of("model-dir", dir.resolve(name), "training.first-after", 300,
                "training.epochs", 1, "training.lookback", Duration.ofMillis(500 * STEP))), Clock.systemUTC(), meters,
                SharedStoreTest::queryRange, store.blobs(), store.leases(), new Replica(name), Duration.ofSeconds(30));
    }

    private SeriesDetector ask(SeriesStates states, long end) throws Exception {
        SeriesState s = states.state(metric, Duration.ofMillis(STEP), Map.of("instance", "i-1"), end);
        return states.advance(s, end).get(120, TimeUnit.SECONDS);
    }

    @Test
    void aSeriesAskedOfTwoReplicasAtOnceIsTrainedOnceAndServedAlikeByBoth() throws Exception {
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        SeriesStates a = replica("a", metersA);
        SeriesStates b = replica("b", metersB);
        long end = START + 500 * STEP;
        CompletableFuture<SeriesDetector> onA = CompletableFuture.supplyAsync(() -> call(a, end));
        CompletableFuture<SeriesDetector> onB = CompletableFuture.supplyAsync(() -> call(b, end));
        SeriesDetector da = onA.get(180, TimeUnit.SECONDS);
        SeriesDetector db = onB.get(180, TimeUnit.SECONDS);
        long trainings = metersA.timer("selfheal.scorer.training.duration", "outcome", "ready").count()
                + metersB.timer("selfheal.scorer.training.duration", "outcome", "ready").count();
        assertThat(trainings).as("version 1 trained by one replica only").isEqualTo(1);
        assertThat(da.modelVersion()).isEqualTo(1);
        assertThat(db.modelVersion()).isEqualTo(1);
        assertThat(db.at(end)).as("both serve the same model's answer").isEqualTo(da.at(end));

        // b stands in later for a series a owns: from the stored state, on a's grid.
        a.saveAll();
        SimpleMeterRegistry metersC = new SimpleMeterRegistry();
        SeriesStates standIn = replica("c", metersC);
        long later = end + 7 * STEP + 4_000; // not on the grid: the answer is at the grid point before
        SeriesDetector dc = ask(standIn, later);
        assertThat(metersC.timer("selfheal.scorer.series.load.duration").count()).as("from the stored state")
                .isEqualTo(1);
        assertThat(metersC.counter("selfheal.scorer.replay.points").count()).as("only the 7 new points").isEqualTo(7);
        assertThat(dc.lastTimestamp()).isEqualTo(end + 7 * STEP);
        assertThat(metersC.timer("selfheal.scorer.training.duration", "outcome", "ready").count()).isZero();
    }

    private SeriesDetector call(SeriesStates states, long end) {
        try {
            return ask(states, end);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
