package dev.selfheal.receiver.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.selfheal.receiver.support.Alerts;
import dev.selfheal.receiver.support.Api;
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
import java.util.logging.Handler;
import java.util.logging.LogRecord;
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
                    keyFile.toString());
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
                java.time.Instant.now(), Map.of("episode", episodeId, "cause", cause), List.of());
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

    @Test
    void withoutARoutingKeyEventsWaitAndTheKeyNeverShows() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger.getLogger("").addHandler(capture);
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
            java.util.logging.Logger.getLogger("").removeHandler(capture);
            Files.writeString(World.keyFile, KEY);
            World.pagerduty.accept();
        }
        assertThat(logged).isNotEmpty().noneMatch(l -> l.contains(KEY));
        assertThat(Api.authed().get("/api/v1/pagerduty/outbox").then().extract().asString()).doesNotContain(KEY);
        assertThat(Api.metricsText()).doesNotContain(KEY);
    }
}
