package dev.selfheal.receiver.action;

/** What one action did, with the target's state before and after, for the timeline and the audit. */
public record ActionOutcome(Status status, String detail, String before, String after) {

    public enum Status {
        /** The action changed the target. */
        SUCCEEDED,
        /** The target was already as the action would leave it: nothing written. */
        NOOP,
        /** The action was tried and did not work. */
        FAILED,
        /** A safety rule refused the action before anything was written. */
        REFUSED,
        /** Started before a crash; the target's state cannot tell whether it happened. */
        UNKNOWN;

        /** Whether the chain goes on to verification (the target may have changed). */
        public boolean verifiable() {
            return this == SUCCEEDED || this == NOOP || this == UNKNOWN;
        }
    }

    public static ActionOutcome succeeded(String detail, String before, String after) {
        return new ActionOutcome(Status.SUCCEEDED, detail, before, after);
    }

    public static ActionOutcome noop(String detail, String state) {
        return new ActionOutcome(Status.NOOP, detail, state, state);
    }

    public static ActionOutcome failed(String detail, String before) {
        return new ActionOutcome(Status.FAILED, detail, before, before);
    }

    public static ActionOutcome refused(String detail) {
        return new ActionOutcome(Status.REFUSED, detail, null, null);
    }
}
