package dev.selfheal.receiver.action;

import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.Playbook;
import java.util.Map;

/** The name of what a playbook's actions touch for an alert: the URL, or kind/namespace/name. */
public final class TargetNames {

    private TargetNames() {
    }

    public static String of(Playbook playbook, Map<String, String> labels) {
        return of(playbook, labels, Map.of());
    }

    /** With the target resolved at decision time (a pod-owner target's workload), when it was. */
    public static String of(Playbook playbook, Map<String, String> labels, Map<String, String> resolved) {
        if (playbook.target().http()) {
            return playbook.target().url();
        }
        try {
            return WorkloadRef.of(playbook.target(), labels, resolved).toString();
        } catch (IllegalArgumentException e) {
            return playbook.target().kind() + "/?";
        }
    }
}
