package dev.selfheal.receiver.episode;

import static dev.selfheal.receiver.support.Api.metric;
import static dev.selfheal.receiver.support.Api.postWebhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.Map;

/**
 * The whole intake contract with the intake journal (the embedded default): a 2xx once the
 * webhook is forced to the journal, its episodes recorded right after, in order, exactly once.
 * What a webhook changed is read from the counters once the journal has been drained.
 */
@QuarkusTest
@TestProfile(IntakeJournalTest.JournalProfile.class)
public class IntakeJournalTest extends IntakeContract {

    public static class JournalProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("selfheal.webhook.intake", "journal");
        }
    }

    private volatile double recordedBefore;
    private volatile double duplicatesBefore;

    @Override
    protected Response post(String body) {
        recordedBefore = metric("selfheal_alerts_recorded_total");
        duplicatesBefore = metric("selfheal_alert_duplicates_total");
        Response response = postWebhook(body);
        if (response.statusCode() == 200) {
            response.then().body("queued", equalTo(true));
            awaitDrained();
        }
        return response;
    }

    @Override
    protected void outcome(ValidatableResponse accepted, Integer recorded, Integer duplicates) {
        if (recorded != null) {
            assertThat(metric("selfheal_alerts_recorded_total") - recordedBefore).isEqualTo(recorded.doubleValue());
        }
        if (duplicates != null) {
            assertThat(metric("selfheal_alert_duplicates_total") - duplicatesBefore).isEqualTo(duplicates.doubleValue());
        }
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    private void sql(String statement) throws java.sql.SQLException {
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /**
     * A record the store refuses while it is up (forced here by a CHECK constraint the store
     * enforces) becomes a dead letter with its reason and journal position, the drain goes on at
     * once (a real alert after it is an episode within 5 s), and once the cause is removed the
     * dead letter is re-driven into an episode.
     */
    @org.junit.jupiter.api.Test
    void aRecordTheStoreRefusesIsDeadLetteredAndTheDrainGoesOn() throws Exception {
        String salt = java.util.UUID.randomUUID().toString().substring(0, 8);
        String refused = "Unstorable" + salt;
        double before = metric("selfheal_intake_dead_letters_total{kind=\"webhook\"}");
        sql("ALTER TABLE episode ADD CONSTRAINT ck_test_unstorable_" + salt + " CHECK (alertname <> '" + refused + "')");
        try {
            postWebhook(handWebhook(handAlert(salt, refused, "", "2026-11-28T22:00:00Z", ""))).then().statusCode(200)
                    .body("queued", equalTo(true));
            long posted = System.nanoTime();
            postWebhook(dev.selfheal.receiver.support.Fixtures.webhook("01-prom-HighErrorRate-firing-single", salt))
                    .then().statusCode(200);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> dev.selfheal.receiver.support.Api.episodes(salt).size() == 1);
            assertThat(System.nanoTime() - posted).isLessThan(5_000_000_000L);
            assertThat(metric("selfheal_intake_dead_letters_total{kind=\"webhook\"}") - before).isEqualTo(1.0);
        } finally {
            sql("ALTER TABLE episode DROP CONSTRAINT ck_test_unstorable_" + salt);
        }
        var letter = deadLetters(salt).get(0);
        assertThat(letter.get("kind")).isEqualTo("webhook");
        assertThat((String) letter.get("reason")).containsIgnoringCase("ck_test_unstorable");
        assertThat(((Number) letter.get("journalPosition")).longValue()).isGreaterThanOrEqualTo(0);
        assertThat(dev.selfheal.receiver.support.Api.episodes(salt)).extracting(e -> e.get("alertname"))
                .containsExactly("HighErrorRate");

        dev.selfheal.receiver.support.Api.operator().post("/api/v1/intake/dead-letters/" + letter.get("id") + "/retry")
                .then().statusCode(200).body("status", equalTo("retried")).body("intake.queued", equalTo(true));
        awaitDrained();
        assertThat(dev.selfheal.receiver.support.Api.episodes(salt)).extracting(e -> e.get("alertname"))
                .containsExactlyInAnyOrder("HighErrorRate", refused);
        dev.selfheal.receiver.support.Api.authed().get("/api/v1/intake/dead-letters/" + letter.get("id")).then()
                .body("status", equalTo("retried")).body("retriedAt", org.hamcrest.Matchers.notNullValue());
        dev.selfheal.receiver.support.Api.operator().post("/api/v1/intake/dead-letters/" + letter.get("id") + "/retry")
                .then().statusCode(409);
    }

    @org.junit.jupiter.api.Test
    void readinessReportsTheBacklogTheOldestUnrecordedWebhookAndTheDeadLetters() {
        awaitDrained();
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'intake' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'intake' }.data.mode", equalTo("journal"))
                .body("checks.find { it.name == 'intake' }.data.oldestUnrecordedAgeSeconds", equalTo("0.0"))
                .body("checks.find { it.name == 'intake' }.data.openDeadLetters", org.hamcrest.Matchers.notNullValue());
        assertThat(metric("selfheal_intake_oldest_unrecorded_age_seconds")).isEqualTo(0.0);
    }

    public static void awaitDrained() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (metric("selfheal_intake_journal_backlog_bytes") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the intake journal was not drained within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
