package dev.selfheal.receiver.action;

import java.util.Optional;

/**
 * What follows an action whose outcome is UNKNOWN (its API timed out or answered 5xx, so the
 * change may or may not have been applied): read the target back with the action's
 * {@code reconcile}. When the target shows the change, that is the outcome; when it shows the
 * change did not happen, applying once more is safe (that is reconcile's contract) and is done
 * once; when the target cannot tell, the outcome stays UNKNOWN and verification decides.
 */
public final class UncertainWrites {

    private UncertainWrites() {
    }

    public static ActionOutcome settle(RemediationAction action, ActionRequest request, ActionOutcome first) {
        if (first.status() != ActionOutcome.Status.UNKNOWN) {
            return first;
        }
        Optional<ActionOutcome> read;
        try {
            read = action.reconcile(request);
        } catch (RuntimeException e) {
            return first; // the target cannot be read either: verification decides
        }
        if (read.isPresent()) {
            ActionOutcome r = read.get();
            return r.status() == ActionOutcome.Status.UNKNOWN ? first
                    : new ActionOutcome(r.status(), first.detail() + "; read back: " + r.detail(),
                            first.before() != null ? first.before() : r.before(), r.after());
        }
        ActionOutcome second;
        try {
            second = action.apply(request);
        } catch (RuntimeException e) {
            return first;
        }
        return new ActionOutcome(second.status(), first.detail() + "; read back: not applied; applied again: "
                + second.detail(), second.before() != null ? second.before() : first.before(), second.after());
    }
}
