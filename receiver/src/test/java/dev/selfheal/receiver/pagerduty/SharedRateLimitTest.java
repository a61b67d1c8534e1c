package dev.selfheal.receiver.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.store.Transactions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * PagerDuty's 120 events a minute per routing key hold across replicas: several limiters (one per
 * replica) on one store share each key's bucket, also when they take tokens at the same moment.
 */
@QuarkusTest
class SharedRateLimitTest {

    @Inject
    Transactions transactions;

    private final EventBodiesTest.MutableClock clock = new EventBodiesTest.MutableClock(Instant.parse("2026-12-03T03:00:00Z"));

    private static String routingKey() {
        return "R0" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void twoReplicasShareOneKeysMinuteAndEachKeyHasItsOwn() {
        SharedRateLimit first = new SharedRateLimit(transactions, 120, clock);
        SharedRateLimit second = new SharedRateLimit(transactions, 120, clock);
        String key = routingKey();
        int granted = 0;
        for (int i = 0; i < 100; i++) {
            granted += first.tryAcquire(key) ? 1 : 0;
            granted += second.tryAcquire(key) ? 1 : 0;
        }
        assertThat(granted).as("200 attempts from two replicas within one instant").isEqualTo(120);
        assertThat(second.tryAcquire(routingKey())).as("another routing key has its own bucket").isTrue();

        clock.advanceMillis(499);
        assertThat(first.tryAcquire(key)).isFalse();
        clock.advanceMillis(2);
        assertThat(second.tryAcquire(key)).as("two a minute's 120 come back each second").isTrue();
        assertThat(first.tryAcquire(key)).isFalse();
    }

    @Test
    void concurrentReplicasNeverGrantMoreThanTheLimit() throws Exception {
        List<SharedRateLimit> replicas = List.of(new SharedRateLimit(transactions, 120, clock),
                new SharedRateLimit(transactions, 120, clock), new SharedRateLimit(transactions, 120, clock));
        String key = routingKey();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                SharedRateLimit limiter = replicas.get(t % replicas.size());
                work.add(() -> {
                    int granted = 0;
                    for (int i = 0; i < 40; i++) {
                        granted += limiter.tryAcquire(key) ? 1 : 0;
                    }
                    return granted;
                });
            }
            int granted = 0;
            for (Future<Integer> f : pool.invokeAll(work)) {
                granted += f.get();
            }
            assertThat(granted).as("240 concurrent attempts by three replicas").isEqualTo(120);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theStoreHoldsTheKeysHashNeverTheKey() {
        String key = routingKey();
        new SharedRateLimit(transactions, 120, clock).tryAcquire(key);
        List<String> ids = transactions.inTransaction(c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM pagerduty_rate_limit");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        });
        assertThat(ids).contains(SharedRateLimit.keyId(key)).noneMatch(id -> id.contains(key));
    }
}
