package dev.selfheal.receiver.domain;

/**
 * What the pipeline does with a confirmed (or not) firing episode, and why.
 *
 * @param cause which rule of the policy decided, for callers that count decisions by it (the
 *              backtest tells a cooldown from a scorer that found the metric normal)
 */
public record Decision(Kind kind, String reason, Cause cause) {

    public enum Kind {
        /** Run the next action of the playbook's chain. */
        REMEDIATE,
        /** Record what would have run; run nothing. */
        SHADOW,
        /** Wait for a human to approve; page meanwhile. */
        AWAIT_APPROVAL,
        /** Do not act; page a human. */
        PAGE_ONLY,
        /** Do not act and do not page (the scorer says normal, or a limit holds). */
        SUPPRESSED,
        /** Nothing to decide (resolved, or a policy says skip). */
        IGNORE
    }

    /** The rule that decided. */
    public enum Cause {
        /** The scorer confirmed (or the playbook acts without it): the playbook's mode decides. */
        CONFIRMED,
        /** The alert is resolved. */
        RESOLVED,
        /** The scorer could not answer. */
        SCORER_UNAVAILABLE,
        /** Only the scorer's median/MAD fallback answered, and the playbook wants a trained model. */
        MODEL_NOT_READY,
        /** The scorer finds the metric normal. */
        NORMAL,
        /** The anomaly did not outlast the playbook's persistence wait. */
        DID_NOT_PERSIST,
        /** The playbook's cooldown on this target holds. */
        COOLDOWN,
        /** The playbook's maxPerHour on this target is reached. */
        HOURLY_LIMIT,
        /** The kill switch is on. */
        PAUSED,
        /** Too many distinct targets acted on in the blast-radius window. */
        BLAST_RADIUS,
        /** Too many actions in the last hour, all playbooks together. */
        GLOBAL_LIMIT,
        /** A safety guard on the target refused (namespace, opt-in label, permissions). */
        GUARD
    }

    public Decision(Kind kind, String reason) {
        this(kind, reason, Cause.CONFIRMED);
    }

    public static Decision of(Kind kind, String reason) {
        return new Decision(kind, reason, Cause.CONFIRMED);
    }

    public static Decision of(Kind kind, Cause cause, String reason) {
        return new Decision(kind, reason, cause);
    }

    /** The same decision with its reason extended. */
    public Decision withReason(String newReason) {
        return new Decision(kind, newReason, cause);
    }
}
