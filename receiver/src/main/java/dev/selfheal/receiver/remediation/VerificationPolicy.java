package dev.selfheal.receiver.remediation;

import dev.selfheal.receiver.pipeline.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Whether an action healed the episode, a pure function of the playbook's check, what Alertmanager
 * and the scorer say, and the time (from an injected Clock): not yet time to look, healed, not yet
 * healed (look again), or not healed by the deadline (go on with the chain).
 */
public final class VerificationPolicy {

    public enum Result { WAIT, HEALED, NOT_YET, NOT_HEALED }

    public record Outcome(Result result, String detail, Duration again) {
    }

    static final Duration RECHECK = Duration.ofSeconds(5);

    private final Clock clock;

    public VerificationPolicy(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param alertResolved whether Alertmanager reported the alert resolved
     * @param verdict       the scorer's verdict on the confirm query now (may be unavailable), or null when the check does not need it
     */
    public Outcome evaluate(Playbook.VerifyCheck check, Instant verifyAfter, Instant deadline, boolean alertResolved,
                            Verdict verdict) {
        Instant now = clock.instant();
        if (now.isBefore(verifyAfter)) {
            return new Outcome(Result.WAIT, "settling", Duration.between(now, verifyAfter));
        }
        boolean scorerNormal = verdict != null && verdict.available() && !verdict.anomalous();
        String scorer = verdict == null ? "" : !verdict.available() ? "the scorer is unavailable (" + verdict.detail() + ")"
                : String.format(Locale.ROOT, "the scorer says %s (score %.2f, threshold %.2f)",
                        verdict.anomalous() ? "still anomalous" : "normal", verdict.score(), verdict.threshold());
        String alert = alertResolved ? "the alert resolved" : "the alert still fires";
        boolean healed = switch (check) {
            case SCORER -> scorerNormal;
            case RESOLVED -> alertResolved;
            case BOTH -> scorerNormal && alertResolved;
        };
        String detail = switch (check) {
            case SCORER -> scorer;
            case RESOLVED -> alert;
            case BOTH -> alert + "; " + scorer;
        };
        if (healed) {
            return new Outcome(Result.HEALED, "healed: " + detail, null);
        }
        if (now.isBefore(deadline)) {
            return new Outcome(Result.NOT_YET, detail, RECHECK);
        }
        return new Outcome(Result.NOT_HEALED, "not healed by " + deadline + ": " + detail, null);
    }
}
