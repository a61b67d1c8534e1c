package dev.selfheal.receiver.slack;

/**
 * The approval operation a click in Slack applies: the console's and the API's own
 * ({@code act.Approvals}), provided by the act step, since an integration never depends on a step.
 */
public interface ApprovalDecisions {

    enum Outcome { DONE, NOT_FOUND, NOT_WAITING }

    /** {@code state}: the remediation's state after the attempt (null when not found). */
    record Decided(Outcome outcome, String state) {
    }

    /** Approves or rejects the waiting action by {@code by}, as a compare-and-swap. */
    Decided decide(long remediationId, boolean approve, String by);
}
