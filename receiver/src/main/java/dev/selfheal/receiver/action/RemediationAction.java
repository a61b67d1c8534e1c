package dev.selfheal.receiver.action;

import java.util.Optional;

/** One kind of action. Applying it twice for the same key writes once. */
public interface RemediationAction {

    /** A short description of what the action will touch, for the execution record. */
    String target(ActionRequest request);

    ActionOutcome apply(ActionRequest request);

    /**
     * After a crash between recording the start and recording the result, read the target: an
     * outcome when it shows the action happened (or {@link ActionOutcome.Status#UNKNOWN} when it
     * cannot tell, and then the action is not repeated blindly); empty when it shows the action did
     * not happen, so applying it now is safe.
     */
    Optional<ActionOutcome> reconcile(ActionRequest request);
}
