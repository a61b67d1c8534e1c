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
class IntakeJournalTest extends IntakeContract {

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

    static void awaitDrained() {
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
