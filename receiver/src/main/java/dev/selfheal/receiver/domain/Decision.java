package dev.selfheal.receiver.domain;

/** What the pipeline does with a confirmed (or not) firing episode, and why. */
public record Decision(Kind kind, String reason) {

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

    public static Decision of(Kind kind, String reason) {
        return new Decision(kind, reason);
    }
}
