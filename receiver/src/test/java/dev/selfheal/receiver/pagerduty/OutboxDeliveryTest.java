package dev.selfheal.receiver.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.selfheal.receiver.support.Alerts;
import dev.selfheal.receiver.support.Api;
import dev.selfheal.receiver.support.LogCapture;
import dev.selfheal.receiver.support.PagerDutyMock;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The outbox against a WireMock PagerDuty: the retry table by status, order per dedup_key under
 * retries, a delivery cut by a crash, no routing key, and the key never in logs or answers.
 * Delivery is driven by hand (the schedule is an hour).
 */
@QuarkusTest
@TestProfile(OutboxDeliveryTest.Profile.class)
@QuarkusTestResource(value = OutboxDeliveryTest.World.class, restrictToAnnotatedClass = true)
class OutboxDeliveryTest {

    static final String KEY = "S3CR3TR0UT1NGKEYS3CR3TR0UT1NGK3Y";
    static final String REST_TOKEN = "u+R3STAP1T0K3NxYz";
    static final AtomicLong STARTS = new AtomicLong();

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.pagerduty.poll-every", "1h", "quarkus.rest-client.pagerduty.read-timeout", "1000");
        }
    }

    public static class World implements QuarkusTestResourceLifecycleManager {
        static PagerDutyMock pagerduty;
        static Path keyFile;

        @Override
        public Map<String, String> start() {
            pagerduty = new PagerDutyMock().start();
            try {
                keyFile = Files.createTempFile("pd", ".key");
                Files.writeString(keyFile, KEY + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("selfheal.pagerduty.url", pagerduty.url(), "selfheal.pagerduty.routing-key-file",
                    keyFile.toString(), "selfheal.pagerduty.rest-url", pagerduty.url(),
                    "selfheal.pagerduty.rest-api-token", REST_TOKEN);
        }

        @Override
        public void stop() {
            pagerduty.stop();
        }
    }

    @Inject
    Transactions transactions;
    @Inject
    OutboxDelivery delivery;

    private long episode() {
        return Alerts.fire(Map.of("alertname", "OutboxTest", "n", String.valueOf(STARTS.incrementAndGet())),
                "2026-11-28T03:00:00Z");
    }

    private long add(long episodeId, String cause, String action, String dedup) {
        EventBodies bodies = new EventBodies(new com.fasterxml.jackson.databind.ObjectMapper());
        EventContent content = new EventContent("summary " + cause, "warning", "test", null, null, "OutboxTest",
                java.time.Instant.now(), Map.of("episode", episodeId, "cause", cause, "event", cause), List.of());
        String body = action.equals("change") ? bodies.changeEvent(content) : bodies.alertEvent(action, dedup, content);
        return transactions.inTransaction(c -> {
            PagerDutyOutbox.add(c, episodeId, "none", cause, dedup, action, body,
                    OffsetDateTime.now(ZoneOffset.UTC));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM pagerduty_outbox WHERE episode_id = ? AND cause = ?")) {
                ps.setLong(1, episodeId);
                ps.setString(2, cause);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private String state(long id) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM pagerduty_outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** Makes every pending event due now (as if its backoff or lease had passed). */
    private void dueNow(boolean expireLeases) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pagerduty_outbox SET next_attempt_at = ?"
                    + (expireLeases ? ", leased_until = NULL" : "") + " WHERE state = 'PENDING'")) {
                ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
                return ps.executeUpdate();
            }
        });
    }

    private long sentFor(String cause) {
        return World.pagerduty.requests().stream().filter(r -> r.getBodyAsString().contains("\"cause\":\"" + cause + "\""))
                .count();
    }

    @Test
    void theRetryTableByStatus() {
        Object[][] table = {
            {PagerDutyMock.accepted(), "DELIVERED"},
            {PagerDutyMock.invalid(), "DEAD"},
            {PagerDutyMock.throttled(), "PENDING"},
            {PagerDutyMock.failing(500), "PENDING"},
            {PagerDutyMock.failing(503), "PENDING"},
            {PagerDutyMock.accepted().withFixedDelay(2500), "PENDING"}, // slower than the 1 s read timeout
        };
        for (Object[] row : table) {
            World.pagerduty.answerAll((com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder) row[0]);
            long episode = episode();
            String cause = "retry-" + episode;
            long id = add(episode, cause, "trigger", DedupKeys.forEpisode("t", cause, 1));
            delivery.deliverDue();
            assertThat(state(id)).as(row[1] + " row").isEqualTo(row[1]);
            assertThat(sentFor(cause)).isEqualTo(1);
            // once PagerDuty answers 202 again: retried events go, dead ones never do
            World.pagerduty.accept();
            dueNow(true);
            delivery.deliverDue();
            assertThat(state(id)).isEqualTo(row[1].equals("DEAD") ? "DEAD" : "DELIVERED");
            assertThat(sentFor(cause)).isEqualTo(row[1].equals("PENDING") ? 1 : 0); // the journal was reset by accept()
        }
        String dead = Api.authed().get("/api/v1/pagerduty/outbox?state=dead").then().statusCode(200).extract().asString();
        assertThat(dead).contains("Event object is invalid").doesNotContain(KEY);
    }

    @Test
    void aTriggerIsNeverOvertakenByItsResolveUnderRetries() {
        long episode = episode();
        String dedup = DedupKeys.forEpisode("t", "order", episode);
        add(episode, "o-trigger-" + episode, "trigger", dedup);
        add(episode, "o-change-" + episode, "change", dedup);
        add(episode, "o-resolve-" + episode, "resolve", dedup);
        World.pagerduty.server.resetAll();
        World.pagerduty.server.stubFor(post(anyUrl()).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("again").willReturn(PagerDutyMock.failing(500)));
        World.pagerduty.server.stubFor(post(anyUrl()).inScenario("flaky").whenScenarioStateIs("again")
                .willSetStateTo("ok").willReturn(PagerDutyMock.throttled()));
        World.pagerduty.server.stubFor(post(anyUrl()).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(PagerDutyMock.accepted()));
        for (int i = 0; i < 6; i++) {
            delivery.deliverDue();
            dueNow(false);
        }
        List<String> order = new ArrayList<>();
        World.pagerduty.requests().forEach(r -> {
            String body = r.getBodyAsString();
            order.add(body.contains("o-trigger") ? "trigger" : body.contains("o-change") ? "change" : "resolve");
        });
        assertThat(order).containsExactly("trigger", "trigger", "trigger", "change", "resolve");
        assertThat(World.pagerduty.violations()).isEmpty();
        World.pagerduty.accept();
    }

    @Test
    void anEventCutByACrashIsDeliveredOnceAfterItsLease() {
        long episode = episode();
        String cause = "crash-" + episode;
        long id = add(episode, cause, "trigger", DedupKeys.forEpisode("t", cause, 1));
        // a replica claimed it and died before sending: the lease holds it for a while ...
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pagerduty_outbox SET leased_until = ? WHERE id = ?")) {
                ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
        World.pagerduty.accept();
        delivery.deliverDue();
        assertThat(sentFor(cause)).isZero();
        // ... then it is delivered exactly once
        dueNow(true);
        delivery.deliverDue();
        delivery.deliverDue();
        assertThat(sentFor(cause)).isEqualTo(1);
        assertThat(state(id)).isEqualTo("DELIVERED");
    }

    /** As a receiver killed while sending leaves it: claimed a minute ago, lease gone, outcome unknown. */
    private void leftInDoubt(long id) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pagerduty_outbox SET in_doubt = TRUE, attempted_at = ?, "
                    + "leased_until = ?, next_attempt_at = ? WHERE id = ?")) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                ps.setObject(1, now.minusMinutes(1));
                ps.setObject(2, now.minusSeconds(30));
                ps.setObject(3, now.minusSeconds(1));
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    private long restLookups() {
        return World.pagerduty.restRequests().size();
    }

    @Test
    void anEventLeftInDoubtIsLookedUpAndNotSentAgainWhenPagerDutyHasIt() {
        World.pagerduty.accept();
        long episode = episode();
        String cause = "doubt-" + episode;
        String dedup = DedupKeys.forEpisode("t", cause, 1);
        long trigger = add(episode, cause, "trigger", dedup);
        leftInDoubt(trigger);
        World.pagerduty.restIncidents(PagerDutyMock.incident(dedup, "triggered"));
        delivery.deliverDue();
        assertThat(state(trigger)).isEqualTo("DELIVERED");
        assertThat(sentFor(cause)).isZero();
        assertThat(World.pagerduty.restRequests()).singleElement().satisfies(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo("Token token=" + REST_TOKEN);
            assertThat(r.queryParameter("incident_key").firstValue()).isEqualTo(dedup);
        });
        assertThat(Api.authed().get("/api/v1/pagerduty/outbox?episode=" + episode).then().extract().asString())
                .contains("found at PagerDuty").doesNotContain(REST_TOKEN);
        assertThat(doubt(episode, trigger)).isEqualTo("CONFIRMED"); // typed, for chaos runs to count from the API

        // a resolve in doubt: the incident is still open, so it was not received: sent once
        long resolve = add(episode, cause + "-resolve", "resolve", dedup);
        leftInDoubt(resolve);
        delivery.deliverDue();
        assertThat(state(resolve)).isEqualTo("DELIVERED");
        assertThat(sentFor(cause + "-resolve")).isEqualTo(1);
    }

    @Test
    void anEventLeftInDoubtThatPagerDutyLacksIsSentOnce() {
        World.pagerduty.accept();
        long episode = episode();
        String cause = "lacks-" + episode;
        long id = add(episode, cause, "trigger", DedupKeys.forEpisode("t", cause, 1));
        leftInDoubt(id);
        delivery.deliverDue();
        dueNow(true);
        delivery.deliverDue();
        assertThat(state(id)).isEqualTo("DELIVERED");
        assertThat(sentFor(cause)).isEqualTo(1);
        assertThat(restLookups()).isEqualTo(1);
    }

    @Test
    void aChangeEventLeftInDoubtIsFoundAmongTheChangeEventsByEpisodeAndCause() {
        World.pagerduty.accept();
        long episode = episode();
        String dedup = DedupKeys.forEpisode("t", "change-" + episode, 1);
        long found = add(episode, "change-found-" + episode, "change", dedup);
        long missing = add(episode, "change-missing-" + episode, "change", dedup);
        leftInDoubt(found);
        leftInDoubt(missing);
        World.pagerduty.restChangeEvents("{\"id\":\"C1\",\"type\":\"change_event\",\"summary\":\"x\","
                + "\"custom_details\":{\"episode\":" + episode + ",\"event\":\"change-found-" + episode + "\"}},"
                + "{\"id\":\"C2\",\"type\":\"change_event\",\"summary\":\"y\","
                + "\"custom_details\":{\"episode\":" + (episode + 1000) + ",\"event\":\"change-missing-" + episode + "\"}}");
        for (int i = 0; i < 3; i++) {
            delivery.deliverDue();
            dueNow(true);
        }
        assertThat(state(found)).isEqualTo("DELIVERED");
        assertThat(state(missing)).isEqualTo("DELIVERED");
        assertThat(sentFor("change-found-" + episode)).isZero();
        assertThat(sentFor("change-missing-" + episode)).isEqualTo(1); // another episode's change event is not it
        assertThat(World.pagerduty.restRequests()).allSatisfy(r -> assertThat(r.getUrl()).startsWith("/change_events?"));
    }

    @Test
    void whenTheRestApiCannotTellTheEventWaitsAndIsThenSentAtLeastOnce() {
        World.pagerduty.accept();
        World.pagerduty.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/incidents")).willReturn(PagerDutyMock.failing(503)));
        long episode = episode();
        String cause = "cannot-tell-" + episode;
        long id = add(episode, cause, "trigger", DedupKeys.forEpisode("t", cause, 1));
        leftInDoubt(id);
        for (int i = 0; i < OutboxDelivery.LOOKUP_TRIES; i++) {
            delivery.deliverDue();
            assertThat(state(id)).isEqualTo("PENDING");
            assertThat(sentFor(cause)).isZero();
            dueNow(true);
        }
        delivery.deliverDue();
        assertThat(state(id)).isEqualTo("DELIVERED");
        assertThat(sentFor(cause)).isEqualTo(1);
        assertThat(restLookups()).isEqualTo(OutboxDelivery.LOOKUP_TRIES + 1); // the last one failed too: sent
        assertThat(doubt(episode, id)).isEqualTo("RESENT");
        World.pagerduty.accept();
    }

    /** How the outbox API says an event's doubt was settled ("" when never in doubt). */
    private static String doubt(long episode, long id) {
        return Api.authed().get("/api/v1/pagerduty/outbox?episode=" + episode).then().statusCode(200).extract()
                .jsonPath().getString("events.find { it.id == " + id + " }.doubt");
    }

    @Test
    void aTimeoutLeavesTheEventInDoubtSoTheNextAttemptAsksFirst() {
        World.pagerduty.answerAll(PagerDutyMock.accepted().withFixedDelay(2500)); // slower than the 1 s read timeout
        long episode = episode();
        String cause = "timeout-" + episode;
        String dedup = DedupKeys.forEpisode("t", cause, 1);
        long id = add(episode, cause, "trigger", dedup);
        delivery.deliverDue();
        assertThat(state(id)).isEqualTo("PENDING");
        assertThat(sentFor(cause)).isEqualTo(1); // PagerDuty got it; the answer came too late
        World.pagerduty.accept();
        World.pagerduty.restIncidents(PagerDutyMock.incident(dedup, "triggered"));
        dueNow(true);
        delivery.deliverDue();
        assertThat(state(id)).isEqualTo("DELIVERED");
        assertThat(sentFor(cause)).isZero(); // the journal was reset by accept(): nothing was sent again
        assertThat(restLookups()).isEqualTo(1);
    }

    @Test
    void withoutARoutingKeyEventsWaitAndTheKeyNeverShows() throws Exception {
        LogCapture capture = LogCapture.open();
        try {
            Files.writeString(World.keyFile, "");
            long episode = episode();
            String cause = "nokey-" + episode;
            long id = add(episode, cause, "trigger", DedupKeys.forEpisode("t", cause, 1));
            World.pagerduty.accept();
            delivery.deliverDue();
            assertThat(state(id)).isEqualTo("PENDING");
            assertThat(sentFor(cause)).isZero();
            assertThat(Api.authed().get("/api/v1/pagerduty/outbox?episode=" + episode).then().extract().asString())
                    .contains("no routing key configured");

            Files.writeString(World.keyFile, KEY); // a key appears (rotation without a restart)
            World.pagerduty.answerAll(PagerDutyMock.invalid());
            long bad = add(episode, cause + "-bad", "trigger", DedupKeys.forEpisode("t", cause + "-bad", 1));
            World.pagerduty.answerAll(PagerDutyMock.failing(500));
            dueNow(true);
            delivery.deliverDue();
            World.pagerduty.answerAll(PagerDutyMock.invalid());
            dueNow(true);
            delivery.deliverDue();
            assertThat(state(bad)).isEqualTo("DEAD");
            assertThat(World.pagerduty.requests()).isNotEmpty()
                    .allMatch(r -> r.getBodyAsString().contains(KEY)); // PagerDuty, and only PagerDuty, sees it
        } finally {
            capture.close();
            Files.writeString(World.keyFile, KEY);
            World.pagerduty.accept();
        }
        assertThat(capture.lines()).isNotEmpty().noneMatch(l -> l.contains(KEY) || l.contains(REST_TOKEN));
        assertThat(Api.authed().get("/api/v1/pagerduty/outbox").then().extract().asString()).doesNotContain(KEY)
                .doesNotContain(REST_TOKEN);
        assertThat(Api.metricsText()).doesNotContain(KEY).doesNotContain(REST_TOKEN);
    }
}
