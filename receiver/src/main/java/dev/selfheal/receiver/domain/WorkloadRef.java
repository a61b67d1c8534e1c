package dev.selfheal.receiver.domain;

import dev.selfheal.receiver.playbook.Playbook;
import java.util.Map;

/** A Kubernetes object an action targets, found from an alert's labels as the playbook says. */
public record WorkloadRef(String kind, String namespace, String name) {

    /** The object named by the labels; an error naming the missing label when the alert lacks it. */
    public static WorkloadRef from(Playbook.Target target, Map<String, String> labels) {
        String namespace = labels.get(target.namespaceLabel());
        String name = labels.get(target.nameLabel());
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("the alert has no label '" + target.namespaceLabel() + "' for the namespace");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the alert has no label '" + target.nameLabel() + "' for the " + target.kind());
        }
        return new WorkloadRef(target.kind(), namespace, name);
    }

    @Override
    public String toString() {
        return kind + "/" + namespace + "/" + name;
    }
}
