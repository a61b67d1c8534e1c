package dev.selfheal.receiver.verify;

import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Whether an action healed the episode. {@code scorer}: healed once the scorer finds the confirm
 * series back inside its band for the playbook's {@code settle} (or its event closed), or when the
 * alert resolves first; {@code resolved}: when Alertmanager resolves the alert; {@code both}: the
 * alert resolved and the scorer's event closed. Whether an action healed the episode, a pure function of the playbook's check, what Alertmanager
 * and the scorer say, and the time (from an injected Clock): not yet time to look, healed, not yet
 * healed (look again), or not healed by the deadline (go on with the chain).
 */
public final class VerificationPolicy {

    public enum Result { WAIT, HEALED, NOT_YET, NOT_HEALED }

    /**
     * @param scorerBack when the scorer's reading of the latest points put the series back in its
     *                   band (the first point of that run), or null when it does not (yet)
     */
    public record Outcome(Result result, String detail, Duration again, Instant scorerBack) {
    }

    static final Duration RECHECK = Duration.ofSeconds(5);
    /** The scorer check looks again every second: it ends when the series is back, not on Alertmanager's resolve. */
    static final Duration RECHECK_SCORER = Duration.ofSeconds(1);

    private final Clock clock;

    public VerificationPolicy(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param alertResolved whether Alertmanager reported the alert resolved
     * @param verdict       the scorer's verdict on the confirm query now (may be unavailable), or null when the check does not need it
     * @param settle        for the scorer check, how long the series must have been back in its band
     */
    public Outcome evaluate(Playbook.VerifyCheck check, Instant verifyAfter, Instant deadline, boolean alertResolved,
                            Verdict verdict, Duration settle) {
        Instant now = clock.instant();
        if (now.isBefore(verifyAfter)) {
            return new Outcome(Result.WAIT, "settling", Duration.between(now, verifyAfter), null);
        }
        if (verdict != null && verdict.available() && verdict.now() != null) {
            return byNow(check, deadline, alertResolved, verdict.now(), settle, now);
        }
        boolean scorerNormal = verdict != null && verdict.available() && !verdict.anomalous();
        boolean backInBand = verdict != null && verdict.available() && verdict.normalFor() != null
                && verdict.normalFor().compareTo(settle) >= 0;
        String scorer = verdict == null ? "" : !verdict.available() ? "the scorer is unavailable (" + verdict.detail() + ")"
                : backInBand && verdict.anomalous() ? String.format(Locale.ROOT, "the scorer finds the series back "
                        + "inside its band for %ds (its event closes later; score %.2f)", verdict.normalFor().toSeconds(),
                        verdict.score())
                : String.format(Locale.ROOT, "the scorer says %s (score %.2f, threshold %.2f)",
                        verdict.anomalous() ? "still anomalous" : "normal", verdict.score(), verdict.threshold());
        String alert = alertResolved ? "the alert resolved" : "the alert still fires";
        boolean healed = switch (check) {
            case SCORER -> scorerNormal || backInBand || alertResolved;
            case RESOLVED -> alertResolved;
            case BOTH -> scorerNormal && alertResolved;
        };
        String detail = switch (check) {
            case SCORER -> alertResolved && !scorerNormal && !backInBand ? alert + " before the scorer saw the series "
                    + "back in its band (" + scorer + ")" : scorer;
            case RESOLVED -> alert;
            case BOTH -> alert + "; " + scorer;
        };
        return outcome(check, healed, detail, deadline, now, null);
    }

    /**
     * With the scorer's reading of the latest points: {@code scorer} heals once they have been back
     * in their band for {@code settle}, or as soon as they are back when the alert has resolved
     * (two sources agree); a resolve the scorer does not agree with waits for it until the deadline,
     * and is not healed then (the chain goes on, or a human looks). {@code both}: the resolve and the
     * points back.
     */
    private Outcome byNow(Playbook.VerifyCheck check, Instant deadline, boolean alertResolved, Verdict.Now n,
                          Duration settle, Instant now) {
        boolean back = !n.outside();
        boolean settled = back && n.lasted().compareTo(settle) >= 0;
        String scorer = back ? "the scorer sees the series back in its band: " + n.words()
                : "the scorer sees the series still outside its band: " + n.words();
        String alert = alertResolved ? "the alert resolved" : "the alert still fires";
        boolean healed = switch (check) {
            case SCORER -> settled || back && alertResolved;
            case RESOLVED -> alertResolved;
            case BOTH -> back && alertResolved;
        };
        String detail = switch (check) {
            case SCORER -> back ? scorer : alertResolved ? alert + ", but " + scorer : scorer;
            case RESOLVED -> alert;
            case BOTH -> alert + "; " + scorer;
        };
        Instant scorerBack = back && check != Playbook.VerifyCheck.RESOLVED ? n.since() : null;
        return outcome(check, healed, detail, deadline, now, scorerBack);
    }

    private static Outcome outcome(Playbook.VerifyCheck check, boolean healed, String detail, Instant deadline,
                                   Instant now, Instant scorerBack) {
        if (healed) {
            return new Outcome(Result.HEALED, "healed: " + detail, null, scorerBack);
        }
        if (now.isBefore(deadline)) {
            return new Outcome(Result.NOT_YET, detail, check == Playbook.VerifyCheck.SCORER ? RECHECK_SCORER : RECHECK,
                    scorerBack);
        }
        return new Outcome(Result.NOT_HEALED, "not healed by " + deadline + ": " + detail, null, scorerBack);
    }
}
