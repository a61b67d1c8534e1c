package dev.selfheal.scorer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Leases} does, run against each ({@code LocalLeasesTest}, {@code PostgresLeasesTest}),
 * on real time: expiry is waited for by polling, never by a fixed sleep. Keys carry a random prefix.
 */
public abstract class LeasesContract {

    private static final Duration LONG = Duration.ofMinutes(1);
    private final List<String[]> held = new ArrayList<>();

    protected abstract Leases leases();

    protected abstract String prefix();

    private String key(String name) {
        return prefix() + "/" + name;
    }

    private boolean acquire(String key, String holder, Duration ttl) {
        held.add(new String[] {key, holder});
        return leases().acquire(key, holder, ttl);
    }

    @AfterEach
    void releaseWhatThisTestTook() {
        held.forEach(h -> leases().release(h[0], h[1]));
    }

    @Test
    void oneHolderAtATimeAndTheHolderRenews() {
        String k = key("train/a/v1");
        assertThat(acquire(k, "replica-a", LONG)).isTrue();
        assertThat(acquire(k, "replica-b", LONG)).isFalse();
        assertThat(acquire(k, "replica-a", LONG)).as("renewed").isTrue();
        assertThat(acquire(k, "replica-b", LONG)).isFalse();
        assertThat(acquire(key("train/b/v1"), "replica-b", LONG)).as("another key").isTrue();
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        String k = key("expires");
        Duration ttl = Duration.ofSeconds(1);
        assertThat(acquire(k, "replica-a", ttl)).isTrue();
        long taken = System.nanoTime();
        boolean tookItEarly = acquire(k, "replica-b", LONG);
        if (System.nanoTime() - taken < ttl.toNanos() / 2) {
            assertThat(tookItEarly).as("while the lease runs").isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> acquire(k, "replica-b", LONG));
        assertThat(System.nanoTime() - taken).as("not before its time ran out").isGreaterThanOrEqualTo(ttl.toNanos() / 2);
        assertThat(acquire(k, "replica-a", ttl)).as("the old holder lost it").isFalse();
    }

    @Test
    void onlyTheHolderReleases() {
        String k = key("release");
        assertThat(acquire(k, "replica-a", LONG)).isTrue();
        leases().release(k, "replica-b");
        assertThat(acquire(k, "replica-b", LONG)).as("released by another: still held").isFalse();
        leases().release(k, "replica-a");
        assertThat(acquire(k, "replica-b", LONG)).isTrue();
        leases().release(key("never-taken"), "replica-a");
    }

    @Test
    void ofHoldersRacingForALeaseExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                String k = key("race-" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    String holder = "replica-" + r;
                    racers.add(pool.submit(() -> {
                        start.await();
                        return acquire(k, holder, LONG);
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Boolean> f : racers) {
                    won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(won).as("winners of round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
