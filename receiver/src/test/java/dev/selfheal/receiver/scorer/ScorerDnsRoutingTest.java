package dev.selfheal.receiver.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SELFHEAL_SCORER_DNS: the replicas are the addresses of a headless Service, resolved again every
 * refresh (here 1 s, by a fake DNS). It wins over SELFHEAL_SCORER_URLS; a replica that appears
 * takes only the series it now owns; a failed lookup keeps the replicas known.
 */
@QuarkusTest
@TestProfile(ScorerDnsRoutingTest.Profile.class)
@QuarkusTestResource(value = ScorerDnsRoutingTest.Replicas.class, restrictToAnnotatedClass = true)
class ScorerDnsRoutingTest {

    static final Duration STEP = Duration.ofSeconds(15);
    static final List<String> QUERIES = IntStream.range(0, 30).mapToObj(i -> "dns_series_" + i).toList();
    static ScorerReplicaMocks replicas;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FakeResolver.class);
        }
    }

    public static class Replicas implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            replicas = new ScorerReplicaMocks(3);
            FakeResolver.answer("127.0.0.2", "127.0.0.1");
            return Map.of("selfheal.scorer.dns", "scorer-replicas.test:" + replicas.port,
                    "selfheal.scorer.dns-refresh", "1s",
                    // DNS wins over the list (whose replica does not exist)
                    "selfheal.scorer.urls", "http://127.0.0.9:1");
        }

        @Override
        public void stop() {
            replicas.stopAll();
        }
    }

    @Inject
    ScorerClient client;
    @Inject
    ScorerReplicas known;

    @AfterEach
    void twoReplicasAgain() {
        FakeResolver.failing = false;
        FakeResolver.answer("127.0.0.2", "127.0.0.1");
        known.refresh();
        replicas.resetAll();
    }

    @Test
    void theResolvedAddressesAreTheReplicasAndEachSeriesGoesToItsOwner() {
        List<String> two = List.of(replicas.url(0), replicas.url(1));
        assertThat(known.current()).containsExactlyInAnyOrderElementsOf(two);
        QUERIES.forEach(q -> assertThat(confirm(q)).isTrue());
        for (String q : QUERIES) {
            assertThat(replicas.receivers("/api/v1/score", q)).containsExactly(Rendezvous.owner(key(q), two));
        }
    }

    @Test
    void aReplicaThatAppearsTakesOnlyTheSeriesItNowOwns() {
        List<String> two = List.of(replicas.url(0), replicas.url(1));
        FakeResolver.answer("127.0.0.1", "127.0.0.2", "127.0.0.3");
        // the scheduled refresh finds it
        await().atMost(Duration.ofSeconds(15)).until(() -> known.current().size() == 3);
        int moved = 0;
        for (String q : QUERIES) {
            assertThat(confirm(q)).isTrue();
            String before = Rendezvous.owner(key(q), two);
            String now = Rendezvous.owner(key(q), replicas.urls());
            assertThat(now).isIn(before, replicas.url(2));
            assertThat(replicas.receivers("/api/v1/score", q)).containsExactly(now);
            moved += now.equals(before) ? 0 : 1;
        }
        assertThat(moved).as("the new replica owns about a third").isBetween(3, 20);
    }

    @Test
    void aFailedLookupKeepsTheReplicasKnown() {
        List<String> before = known.current();
        FakeResolver.failing = true;
        int lookups = FakeResolver.lookups.get();
        await().atMost(Duration.ofSeconds(15)).until(() -> FakeResolver.lookups.get() >= lookups + 2);
        assertThat(known.current()).isEqualTo(before);
        assertThat(confirm(QUERIES.get(0))).isTrue();
    }

    private boolean confirm(String query) {
        return client.confirm(query, Duration.ofMinutes(30), STEP, Instant.parse("2026-12-06T05:00:00Z"), 0.6).available();
    }

    private static String key(String q) {
        return Rendezvous.key(q, STEP);
    }
}
