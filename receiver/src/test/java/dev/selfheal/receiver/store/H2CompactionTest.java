package dev.selfheal.receiver.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.support.Alerts;
import dev.selfheal.receiver.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Compaction of the embedded store runs while webhooks commit: every webhook is still answered
 * 200 and recorded, and the passes find an H2 store to work on (PostgreSQL has nothing to do).
 */
@QuarkusTest
class H2CompactionTest {

    @Inject
    H2Compaction compaction;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    private int episodesNamed(String alertname) throws java.sql.SQLException {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM episode WHERE alertname = ?")) {
            ps.setString(1, alertname);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void compactingWhileWebhooksCommitLosesNothing() throws Exception {
        String alertname = "Compaction-" + java.util.UUID.randomUUID();
        AtomicBoolean posting = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        Future<List<int[]>> passes = pool.submit(() -> {
            List<int[]> done = new ArrayList<>();
            while (posting.get()) {
                Optional<int[]> pass = compaction.compact();
                pass.ifPresent(done::add);
            }
            return done;
        });
        List<Future<Integer>> posts = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            posts.add(pool.submit(() -> {
                for (int i = 0; i < 150; i++) {
                    Api.postWebhook(Alerts.webhook("firing", Map.of("alertname", alertname, "worker",
                            String.valueOf(worker), "i", String.valueOf(i)), "2026-11-28T03:00:00Z"))
                            .then().statusCode(200).body("recorded", org.hamcrest.Matchers.equalTo(1));
                }
                return 150;
            }));
        }
        for (Future<Integer> f : posts) {
            f.get();
        }
        posting.set(false);
        List<int[]> done = passes.get();
        pool.shutdown();

        assertThat(done).as("compaction passes on the H2 store").isNotEmpty();
        assertThat(done).allSatisfy(p -> assertThat(p[1]).isBetween(0, 100));
        assertThat(episodesNamed(alertname)).isEqualTo(600);
    }
}
