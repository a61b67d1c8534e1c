package dev.selfheal.receiver.decide;

import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.domain.Verdict;
import dev.selfheal.receiver.playbook.Playbook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The decision, a pure function of the episode's state, the playbook, the scorer's verdict and
 * the actions already taken on the same target, with time from an injected Clock. Safe defaults:
 * no confirmation means page, not act; a limit reached means a human looks. A shadow playbook
 * passes every check auto mode passes (the kill switch, the limits, the blast radius): SHADOW
 * means "auto mode would run this now", never an action auto mode would refuse.
 */
public final class DecisionPolicy {

    private final Clock clock;

    public DecisionPolicy(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param firing        whether the episode is still firing
     * @param verdict       the scorer's verdict on the playbook's confirm query
     * @param actionsOnTarget when earlier actions of this playbook ran on the same target
     * @param safety          the kill switch and the blast radius
     */
    public Decision decide(boolean firing, Playbook playbook, Verdict verdict, List<Instant> actionsOnTarget,
                           SafetyState safety) {
        if (!firing) {
            return Decision.of(Decision.Kind.IGNORE, Decision.Cause.RESOLVED, "the alert is resolved");
        }
        if (verdict instanceof Verdict.Unavailable unavailable) {
            switch (playbook.confirm().onScorerUnavailable()) {
                case PAGE:
                    return Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.SCORER_UNAVAILABLE, "the scorer is unavailable ("
                            + unavailable.detail() + "); policy: page");
                case SKIP:
                    return Decision.of(Decision.Kind.IGNORE, Decision.Cause.SCORER_UNAVAILABLE, "the scorer is unavailable; policy: skip");
                case REMEDIATE:
                default:
                    break; // act without confirmation, as the playbook asks
            }
        } else if (!verdict.fromModel() && playbook.confirm().onModelNotReady() != Playbook.OnModelNotReady.FALLBACK) {
            String why = "the scorer has no trained model for this series yet (" + (verdict.model() == null
                    ? "its median/MAD fallback answered" : verdict.model()) + ")";
            return playbook.confirm().onModelNotReady() == Playbook.OnModelNotReady.SKIP
                    ? Decision.of(Decision.Kind.IGNORE, Decision.Cause.MODEL_NOT_READY, why + "; policy: skip")
                    : Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.MODEL_NOT_READY, why + "; policy: page");
        } else if (verdict.now() != null && !verdict.now().outside()) {
            return backInBand(playbook, verdict);
        } else if (verdict.now() == null && !verdict.anomalous()) {
            return Decision.of(Decision.Kind.SUPPRESSED, Decision.Cause.NORMAL, String.format(Locale.ROOT,
                    "the scorer finds the metric normal (score %.2f < %.2f%s)", verdict.score(), verdict.threshold(),
                    verdict.reason() == null ? "" : ": " + verdict.reason()));
        } else if (verdict.now() == null && !playbook.confirm().persist().isZero() && !verdict.outsideBandNow()) {
            return Decision.of(Decision.Kind.SUPPRESSED, Decision.Cause.DID_NOT_PERSIST, String.format(Locale.ROOT,
                    "the scorer finds the metric back in its normal band after the %ds persistence wait "
                            + "(deviation %.2f× of its threshold): a burst that did not last%s",
                    playbook.confirm().persist().toSeconds(), verdict.deviation(),
                    verdict.reason() == null ? "" : "; " + verdict.reason()));
        }
        Instant now = clock.instant();
        Instant last = actionsOnTarget.stream().max(Instant::compareTo).orElse(null);
        if (last != null && last.plus(playbook.cooldown()).isAfter(now)) {
            return Decision.of(Decision.Kind.SUPPRESSED, Decision.Cause.COOLDOWN, "cooldown: the last action on this target was at " + last
                    + ", the next may run after " + last.plus(playbook.cooldown()));
        }
        long lastHour = actionsOnTarget.stream().filter(t -> t.isAfter(now.minus(Duration.ofHours(1)))).count();
        if (lastHour >= playbook.maxPerHour()) {
            return Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.HOURLY_LIMIT, "limit: " + lastHour + " actions on this target in the last hour "
                    + "(maxPerHour " + playbook.maxPerHour() + "); a human should look");
        }
        if (safety.paused()) {
            return Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.PAUSED, "paused: automatic actions are switched off (kill switch); "
                    + "a human should look");
        }
        if (safety.targetsInWindow() >= safety.maxTargetsInWindow()) {
            return Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.BLAST_RADIUS, "blast radius: " + safety.targetsInWindow()
                    + " targets were acted on in the window (limit " + safety.maxTargetsInWindow()
                    + "); automatic actions stop and a human should look");
        }
        if (safety.actionsLastHour() >= safety.maxActionsPerHour()) {
            return Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.GLOBAL_LIMIT, "global limit: " + safety.actionsLastHour()
                    + " actions in the last hour across all targets (selfheal.safety.max-actions-per-hour "
                    + safety.maxActionsPerHour() + "); a human should look");
        }
        String confirmed = !verdict.available() ? "the scorer is unavailable; policy: remediate"
                : verdict.now() != null ? "the scorer confirms: " + verdict.now().words()
                : String.format(Locale.ROOT, "the scorer confirms (score %.2f, threshold %.2f%s%s)", verdict.score(),
                        verdict.threshold(), verdict.fromModel() ? "" : ", median/MAD fallback",
                        verdict.reason() == null ? "" : ": " + verdict.reason());
        return switch (playbook.mode()) {
            case SHADOW -> Decision.of(Decision.Kind.SHADOW, confirmed + "; shadow mode: nothing is run");
            case APPROVE -> Decision.of(Decision.Kind.AWAIT_APPROVAL, confirmed + "; waiting for approval");
            case AUTO -> Decision.of(Decision.Kind.REMEDIATE, confirmed);
        };
    }

    /**
     * The scorer reads the latest points back inside their band: a burst that did not last when an
     * event was open on it (after the persistence wait), else a metric that is normal.
     */
    private static Decision backInBand(Playbook playbook, Verdict verdict) {
        boolean waited = !playbook.confirm().persist().isZero();
        String words = verdict.now().words();
        if (verdict.anomalous() || waited) {
            return Decision.of(Decision.Kind.SUPPRESSED, Decision.Cause.DID_NOT_PERSIST, String.format(Locale.ROOT,
                    "the scorer sees the metric back in its normal band%s: %s: a burst that did not last",
                    waited ? " after the " + playbook.confirm().persist().toSeconds() + "s persistence wait" : "",
                    words));
        }
        return Decision.of(Decision.Kind.SUPPRESSED, Decision.Cause.NORMAL, "the scorer finds the metric normal: "
                + words);
    }
}
