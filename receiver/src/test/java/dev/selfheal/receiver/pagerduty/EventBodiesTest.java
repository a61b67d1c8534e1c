package dev.selfheal.receiver.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.receiver.support.PagerDutyContract;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBodiesTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final EventBodies BODIES = new EventBodies(MAPPER);
    static final String DEDUP = DedupKeys.forEpisode("selfheal", "abc", 1L);

    static EventContent content(String summary, Map<String, Object> details) {
        return new EventContent(summary, "warning", "demo-app:8082", "demo-app", "prod", "HighErrorRate",
                Instant.parse("2026-11-28T03:00:00Z"), details, List.of(
                        new EventContent.Link("http://prometheus:9090/graph?g0.expr=x", "Prometheus"),
                        new EventContent.Link("javascript:alert(1)", "not a web link")));
    }

    /** The stored body plus the routing key, as the client sends it. */
    static String sent(String stored) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(stored);
        node.put("routing_key", "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY42");
        return MAPPER.writeValueAsString(node);
    }

    @Test
    void triggerChangeAndResolveFollowTheContract() throws Exception {
        for (String action : List.of("trigger", "acknowledge", "resolve")) {
            String body = sent(BODIES.alertEvent(action, DEDUP, content("error ratio 42%", Map.of("episode", 7))));
            assertThat(PagerDutyContract.violations("/v2/enqueue", body)).as(action).isEmpty();
        }
        String change = sent(BODIES.changeEvent(content("restart", Map.of("action", Map.of("before", "a")))));
        assertThat(PagerDutyContract.violations("/v2/change/enqueue", change)).isEmpty();
        JsonNode node = MAPPER.readTree(change);
        assertThat(node.path("links")).hasSize(1); // only http(s) links survive
        assertThat(node.has("dedup_key")).isFalse();
    }

    @Test
    void theContractCatchesWhatIsWrong() throws Exception {
        ObjectNode bad = (ObjectNode) MAPPER.readTree(sent(BODIES.alertEvent("trigger", DEDUP, content("x", Map.of()))));
        ((ObjectNode) bad.path("payload")).put("severity", "disaster");
        bad.put("dedup_key", "k".repeat(256));
        assertThat(PagerDutyContract.violations("/v2/enqueue", bad.toString())).hasSizeGreaterThanOrEqualTo(2);
        bad.remove("routing_key");
        assertThat(PagerDutyContract.violations("/v2/enqueue", bad.toString()))
                .anyMatch(v -> v.contains("routing_key"));
    }

    @Test
    void aLongSummaryIsCutTo1024WithAnEllipsis() throws Exception {
        String body = BODIES.alertEvent("trigger", DEDUP, content("é".repeat(5000), Map.of()));
        String summary = MAPPER.readTree(body).path("payload").path("summary").asText();
        assertThat(summary).hasSize(1024).endsWith("…");
        assertThat(PagerDutyContract.violations("/v2/enqueue", sent(body))).isEmpty();
    }

    @Test
    void aHugeBodyDropsTheLargestDetailsFirstAndSaysSo() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("episode", 7);
        details.put("annotations", Map.of("description", "x".repeat(400_000)));
        details.put("labels", Map.of("pod", "y".repeat(300_000)));
        details.put("decision", Map.of("kind", "REMEDIATE"));
        String body = BODIES.alertEvent("trigger", DEDUP, content("huge", details));
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(512 * 1024);
        JsonNode kept = MAPPER.readTree(body).path("payload").path("custom_details");
        assertThat(kept.has("annotations")).isFalse();
        assertThat(kept.path("labels").path("pod").asText()).hasSize(300_000); // small enough once the largest went
        assertThat(kept.path("decision").path("kind").asText()).isEqualTo("REMEDIATE");
        assertThat(kept.path("truncated").asText()).contains("dropped annotations");
        assertThat(PagerDutyContract.violations("/v2/enqueue", sent(body))).isEmpty();
    }

    @Test
    void dedupKeysAreStablePerEpisodeAndBounded() {
        assertThat(DedupKeys.forEpisode("a", "fp", 5)).isEqualTo(DedupKeys.forEpisode("a", "fp", 5)).hasSize(64)
                .isNotEqualTo(DedupKeys.forEpisode("a", "fp", 6)).isNotEqualTo(DedupKeys.forEpisode("b", "fp", 5));
        assertThatThrownBy(() -> BODIES.alertEvent("trigger", "k".repeat(256), content("x", Map.of())))
                .hasMessageContaining("255");
    }

    @Test
    void theTokenBucketKeepsUnder120AMinute() {
        Instant t0 = Instant.parse("2026-11-28T03:00:00Z");
        TokenBucket bucket = TokenBucket.full(120, t0);
        int granted = 0;
        for (int i = 0; i < 200; i++) {
            bucket = bucket.refill(t0, 120);
            if (bucket.hasToken()) {
                bucket = bucket.take();
                granted++;
            }
        }
        assertThat(granted).isEqualTo(120);
        assertThat(bucket.refill(t0.plusMillis(499), 120).hasToken()).isFalse();
        assertThat(bucket.refill(t0.plusMillis(501), 120).hasToken()).isTrue(); // two a second come back
        assertThat(bucket.refill(t0.plusSeconds(3600), 120).tokens()).isEqualTo(120); // never over a minute's worth
        assertThat(bucket.refill(t0.minusSeconds(5), 120)).as("a clock that steps back adds nothing").isEqualTo(bucket);
    }

    @Test
    void statusesAreClassifiedAsDocumented() {
        assertThat(Delivery.classify(202)).isEqualTo(Delivery.Result.DELIVERED);
        assertThat(Delivery.classify(400)).isEqualTo(Delivery.Result.REJECTED);
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            assertThat(Delivery.classify(status)).as("status %d", status).isEqualTo(Delivery.Result.RETRY);
        }
    }

    static final class MutableClock extends java.time.Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advanceMillis(long ms) {
            now = now.plusMillis(ms);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
