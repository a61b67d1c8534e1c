package dev.selfheal.receiver.decide;

import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.playbook.Playbook;

/**
 * A decision to act on an object Argo CD or Flux manages (its next sync would undo a scale or a
 * rollback), by the playbook's {@code gitops} policy: approve turns it into an approval even in
 * auto mode, refuse pages (cause GUARD), allow acts. The reason names the tool either way, so the
 * console and the PagerDuty event say it.
 */
final class GitOpsRule {

    private GitOpsRule() {
    }

    /** {@code decision} for {@code target}, managed by {@code manager} (null when no tool manages it). */
    static Decision apply(Decision decision, Playbook playbook, String target, String manager) {
        boolean acting = decision.kind() == Decision.Kind.REMEDIATE || decision.kind() == Decision.Kind.AWAIT_APPROVAL;
        if (manager == null || !acting) {
            return decision;
        }
        String managed = target + " is managed by " + manager;
        return switch (playbook.gitopsPolicy()) {
            case REFUSE -> Decision.of(Decision.Kind.PAGE_ONLY, Decision.Cause.GUARD, managed
                    + ", whose next sync would undo the change; the playbook says gitops: refuse");
            case APPROVE -> Decision.of(Decision.Kind.AWAIT_APPROVAL, decision.cause(), decision.reason() + "; "
                    + managed + ", whose next sync would undo the change: waiting for approval (gitops: approve)");
            case ALLOW -> decision.withReason(decision.reason() + "; " + managed + " (gitops: allow)");
        };
    }
}
