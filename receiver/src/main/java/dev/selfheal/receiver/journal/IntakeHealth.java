package dev.selfheal.receiver.journal;

import dev.selfheal.receiver.episode.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the intake, with what an operator needs to see a stuck drain: the intake mode,
 * the journal's backlog, the age of the oldest accepted webhook not yet recorded, and the open
 * dead letters. DOWN only when the journal's backlog is over its limit (webhooks then get 503):
 * a slow drain is an alert (see rules/selfheal-self.rules.yml), not a reason to stop intake.
 */
@Readiness
@ApplicationScoped
public class IntakeHealth implements HealthCheck {

    private final IntakeModeSelector mode;
    private final IntakeJournal journal;
    private final JournalDrain drain;
    private final DeadLetters deadLetters;

    public IntakeHealth(IntakeModeSelector mode, IntakeJournal journal, JournalDrain drain, DeadLetters deadLetters) {
        this.mode = mode;
        this.journal = journal;
        this.drain = drain;
        this.deadLetters = deadLetters;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("intake")
                .withData("mode", mode.journal() ? "journal" : "direct");
        boolean up = true;
        if (mode.journal()) {
            response.withData("journalBacklogBytes", journal.backlogBytes())
                    .withData("oldestUnrecordedAgeSeconds", String.format(java.util.Locale.ROOT, "%.1f",
                            drain.oldestUnrecordedAgeSeconds()));
            up = !journal.full();
        }
        try {
            response.withData("openDeadLetters", deadLetters.open());
        } catch (RuntimeException e) {
            response.withData("openDeadLetters", "unknown: the store did not answer");
        }
        return response.status(up).build();
    }
}
