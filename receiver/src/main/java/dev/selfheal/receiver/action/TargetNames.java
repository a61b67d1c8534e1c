package dev.selfheal.receiver.action;

import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.Playbook;
import java.util.Map;

/** The name of what a playbook's actions touch for an alert: the URL, or kind/namespace/name. */
public final class TargetNames {

    private TargetNames() {
    }

    public static String of(Playbook playbook, Map<String, String> labels) {
        if (playbook.target().http()) {
            return playbook.target().url();
        }
        try {
            return WorkloadRef.from(playbook.target(), labels).toString();
        } catch (IllegalArgumentException e) {
            return playbook.target().kind() + "/?";
        }
    }
}
