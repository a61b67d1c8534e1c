package dev.selfheal.receiver.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.alertmanager.InvalidWebhookException;
import dev.selfheal.receiver.alertmanager.WebhookParser;
import dev.selfheal.receiver.domain.WebhookAlert;
import dev.selfheal.receiver.domain.WebhookMessage;
import dev.selfheal.receiver.support.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 120,000 mutated webhook bodies through the parser: each one is either a well-formed message
 * (every alert with a fingerprint, a status, labels and a start) or refused with
 * {@link InvalidWebhookException}, which the API turns into a 400. Anything else (a
 * NullPointerException, a StackOverflowError, an exception of another type) would be a 5xx and
 * fails the test, printing the seed and the input's index to replay it.
 */
class WebhookParserFuzzTest {

    static final long SEED = Long.getLong("selfheal.fuzz.seed", 20261129L);
    static final int INPUTS = Integer.getInteger("selfheal.fuzz.inputs", 120_000);

    @Test
    void everyMutatedBodyIsParsedOrRefusedCleanly() {
        List<String> fixtures = Fixtures.names().stream().map(Fixtures::webhook).toList();
        WebhookParser parser = new WebhookParser(new ObjectMapper());
        WebhookMutator mutator = new WebhookMutator(SEED, fixtures);
        int accepted = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            byte[] body = mutator.next();
            try {
                WebhookMessage message = parser.parse(body);
                for (WebhookAlert alert : message.alerts()) {
                    assertThat(alert.fingerprint()).isNotBlank();
                    assertThat(alert.status()).isNotNull();
                    assertThat(alert.labels()).isNotNull();
                    assertThat(alert.startsAt()).isNotNull();
                }
                accepted++;
            } catch (InvalidWebhookException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            } catch (Throwable t) {
                if (failures.size() < 5) {
                    failures.add("seed " + SEED + " input #" + i + ": " + t);
                }
            }
        }
        System.out.printf("fuzz: %d inputs, %d parsed, %d refused with 400%n", INPUTS, accepted, refused);
        assertThat(failures).isEmpty();
        assertThat(accepted).isGreaterThan(INPUTS / 20); // the mutations keep many bodies valid
        assertThat(refused).isGreaterThan(INPUTS / 5);
    }
}
