package dev.selfheal.receiver.scorer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.support.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three scorer replicas (SELFHEAL_SCORER_URLS): each series' requests go to its rendezvous owner;
 * when the owner is dead or answers 5xx the next replica in the series' order stands in, and
 * nothing else moves; a 4xx is an answer.
 */
@QuarkusTest
@QuarkusTestResource(value = ScorerRoutingTest.Replicas.class, restrictToAnnotatedClass = true)
class ScorerRoutingTest {

    static final String TOKEN = "routing-secret-token-4711";
    static final Duration STEP = Duration.ofSeconds(15);
    static final List<String> QUERIES = IntStream.range(0, 24).mapToObj(i -> "routing_series_" + i).toList();
    static ScorerReplicaMocks replicas;

    public static class Replicas implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            replicas = new ScorerReplicaMocks(3);
            return Map.of("selfheal.scorer.urls", String.join(",", replicas.urls()),
                    "selfheal.scorer.token", TOKEN,
                    // a dead owner stays marked down for the whole test: its series go straight to the stand-in
                    "selfheal.scorer.replica-down-for", "10m");
        }

        @Override
        public void stop() {
            replicas.stopAll();
        }
    }

    @Inject
    ScorerClient client;
    @Inject
    ScorerReplays replays;
    @Inject
    ScorerRouter router;
    @Inject
    CircuitBreakerMaintenance circuitBreakers;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        replicas.resetAll();
        router.health().clear();
        circuitBreakers.resetAll();
    }

    @Test
    void eachQueryAlwaysGoesToItsRendezvousOwnerAndTheOwnersShareTheWork() {
        for (int round = 0; round < 3; round++) {
            QUERIES.forEach(q -> assertThat(confirm(q).available()).isTrue());
        }
        Map<String, Integer> perReplica = new HashMap<>();
        for (String q : QUERIES) {
            String owner = Rendezvous.owner(Rendezvous.key(q, STEP), replicas.urls());
            assertThat(replicas.receivers("/api/v1/score", q)).as(q).containsExactly(owner);
            perReplica.merge(owner, 1, Integer::sum);
        }
        assertThat(perReplica).as("24 series over 3 replicas").containsOnlyKeys(replicas.urls());
    }

    @Test
    void aReplayGoesToTheSeriesOwnerToo() {
        for (String q : QUERIES.subList(0, 6)) {
            assertThat(replays.replay(q, STEP).accepted()).isTrue();
            assertThat(replicas.receivers("/api/v1/models/train", q))
                    .containsExactly(Rendezvous.owner(Rendezvous.key(q, STEP), replicas.urls()));
        }
    }

    @Test
    void whenTheOwnerDiesOnlyItsQueriesMoveEachToOneStandInAndTheCircuitStaysClosed() {
        Map<String, List<String>> order = new HashMap<>();
        QUERIES.forEach(q -> order.put(q, Rendezvous.order(Rendezvous.key(q, STEP), replicas.urls())));
        String dead = order.get(QUERIES.get(0)).get(0);
        String standIn = order.get(QUERIES.get(0)).get(1);
        double unreachable = requests(dead, ScorerMetrics.OWNER, "unreachable");
        double stoodIn = requests(standIn, ScorerMetrics.STAND_IN, "answered");
        replicas.stop(replicas.urls().indexOf(dead));
        try (LogCapture log = LogCapture.open()) {
            // more calls than the circuit breaker's window (6): it would open if it counted the dead replica
            for (int round = 0; round < 3; round++) {
                QUERIES.forEach(q -> assertThat(confirm(q).available()).as(q).isTrue());
            }
            for (String q : QUERIES) {
                List<String> o = order.get(q);
                String expected = o.get(0).equals(dead) ? o.get(1) : o.get(0);
                assertThat(replicas.receivers("/api/v1/score", q)).as(q).containsExactly(expected);
            }
            assertThat(log.lines()).anyMatch(l -> l.contains("scorer stand-in") && l.contains(dead));
            assertThat(String.join("\n", log.lines())).doesNotContain(TOKEN);
        }
        assertThat(requests(standIn, ScorerMetrics.STAND_IN, "answered") - stoodIn).isGreaterThanOrEqualTo(3);
        assertThat(requests(dead, ScorerMetrics.OWNER, "unreachable") - unreachable)
                .as("the dead owner is tried once, then marked down").isEqualTo(1);
        // the stand-ins get the token too
        replicas.server(standIn).verify(postRequestedFor(urlEqualTo("/api/v1/score"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aFiveHundredFromTheOwnerIsAnsweredByTheNextReplica() {
        String q = QUERIES.get(1);
        List<String> order = Rendezvous.order(Rendezvous.key(q, STEP), replicas.urls());
        replicas.server(order.get(0)).stubFor(post(urlEqualTo("/api/v1/score")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("{\"code\":\"shutting_down\"}")));
        double before = requests(order.get(0), ScorerMetrics.OWNER, "failed");
        Verdict verdict = confirm(q);
        assertThat(verdict.available()).isTrue();
        assertThat(replicas.receivers("/api/v1/score", q)).containsExactlyInAnyOrder(order.get(0), order.get(1));
        assertThat(requests(order.get(0), ScorerMetrics.OWNER, "failed")).isEqualTo(before + 1);
    }

    @Test
    void aFourHundredFromTheOwnerIsAnAnswerNoStandInIsAsked() {
        String q = QUERIES.get(2);
        String owner = Rendezvous.owner(Rendezvous.key(q, STEP), replicas.urls());
        replicas.server(owner).stubFor(post(urlEqualTo("/api/v1/score")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":\"prometheus_bad_data\",\"message\":\"parse error\"}")));
        Verdict verdict = confirm(q);
        assertThat(verdict.available()).isFalse();
        assertThat(verdict.detail()).contains("refused", "parse error");
        assertThat(replicas.receivers("/api/v1/score", q)).containsExactly(owner);
        assertThat(replicas.requests(replicas.urls().indexOf(owner), "/api/v1/score", q)).hasSize(1);
    }

    @Test
    void whenEveryReplicaIsDeadTheAnswerIsUnavailableForThePlaybookToDecide() {
        for (int i = 0; i < 3; i++) {
            replicas.stop(i);
        }
        Verdict verdict = confirm(QUERIES.get(3));
        assertThat(verdict.available()).isFalse();
        assertThat(verdict.detail()).contains("unreachable").doesNotContain(TOKEN);
    }

    private Verdict confirm(String query) {
        return client.confirm(query, Duration.ofMinutes(30), STEP, Instant.parse("2026-12-06T05:00:00Z"), 0.6);
    }

    private double requests(String replica, String role, String outcome) {
        Counter c = registry.find("selfheal_scorer_requests").tags("replica", replica, "role", role, "outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

}
