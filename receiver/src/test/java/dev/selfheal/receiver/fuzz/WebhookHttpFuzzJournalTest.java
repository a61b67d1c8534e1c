package dev.selfheal.receiver.fuzz;

import dev.selfheal.receiver.episode.IntakeJournalTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same 1,500 mutated bodies through the intake journal (the embedded default) and its drain. */
@QuarkusTest
@TestProfile(IntakeJournalTest.JournalProfile.class)
class WebhookHttpFuzzJournalTest extends WebhookHttpFuzzTest {

    @Override
    protected void afterAccepted() {
        IntakeJournalTest.awaitDrained();
    }
}
