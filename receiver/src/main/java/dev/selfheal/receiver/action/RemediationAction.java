package dev.selfheal.receiver.action;

import dev.selfheal.receiver.playbook.Playbook;
import java.util.Map;
import java.util.Optional;

/**
 * One kind of action, as the act stage runs it: a CDI bean found by {@link #type()}; what the
 * playbook loader knows of it (its parameters, target kinds, permissions) is its
 * {@link dev.selfheal.receiver.playbook.ActionType}. Applying it twice for the same key writes once.
 */
public interface RemediationAction {

    /** The playbook's name for it, the same as its {@link dev.selfheal.receiver.playbook.ActionType#type()}. */
    String type();

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

    /**
     * Why auto mode would refuse this action now, read without writing anything (for a shadow
     * decision, which must never claim an action auto mode would refuse): the guards the action
     * runs before it writes, and its permissions. Empty when it would run.
     */
    default Optional<String> refusal(ActionRequest request) {
        return Optional.empty();
    }

    /**
     * What the target is, when the playbook names it through another object (a {@code pod-owner}
     * target: the workload owning the alert's pod), read at decision time and pinned with the
     * decision, so that cooldowns count the workload and a later run acts on what was decided.
     * Empty when the labels name the target; an IllegalArgumentException saying why when it cannot
     * be resolved.
     */
    default Map<String, String> resolve(Playbook.Target target, Map<String, String> labels) {
        return Map.of();
    }

    /**
     * What this action fixes at decision time, so that running it later (or again) does what was
     * decided: a rollback's target revision, say. Handed back as {@link ActionRequest#pinned()};
     * {@code request.pinned()} holds what was pinned before it (the resolved target). Empty by
     * default; an action that cannot pin throws, and the decision is recorded without.
     */
    default Map<String, String> pin(ActionRequest request) {
        return Map.of();
    }
}
