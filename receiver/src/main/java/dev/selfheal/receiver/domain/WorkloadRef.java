package dev.selfheal.receiver.domain;

import dev.selfheal.receiver.playbook.Playbook;
import java.util.Map;

/** A Kubernetes object an action targets, found from an alert's labels as the playbook says. */
public record WorkloadRef(String kind, String namespace, String name) {

    /**
     * The target kind that names a pod and acts on the workload owning it (pod → ReplicaSet →
     * Deployment, or the pod's StatefulSet or DaemonSet), resolved once at decision time and
     * pinned under {@link #PINNED_OWNER}.
     */
    public static final String POD_OWNER = "pod-owner";
    /** The pinned key: the owning workload as kind/namespace/name. */
    public static final String PINNED_OWNER = "target.owner";
    /** Pinned when Argo CD or Flux manages the target: which tool, and the mark that says so. */
    public static final String PINNED_GITOPS = "target.gitops";

    /** The object named by the labels; an error naming the missing label when the alert lacks it. */
    public static WorkloadRef from(Playbook.Target target, Map<String, String> labels) {
        String namespace = labels.get(target.namespaceLabel());
        String name = labels.get(target.nameLabel());
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("the alert has no label '" + target.namespaceLabel() + "' for the namespace");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the alert has no label '" + target.nameLabel() + "' for the "
                    + (POD_OWNER.equals(target.kind()) ? "pod" : target.kind()));
        }
        return new WorkloadRef(target.kind(), namespace, name);
    }

    /**
     * What the actions act on: for a pod-owner target the workload pinned at decision time, else
     * the object the labels name. An error when a pod-owner target's owner was not resolved.
     */
    public static WorkloadRef of(Playbook.Target target, Map<String, String> labels, Map<String, String> pinned) {
        if (!POD_OWNER.equals(target.kind())) {
            return from(target, labels);
        }
        String owner = pinned.get(PINNED_OWNER);
        if (owner == null) {
            WorkloadRef pod = from(target, labels);
            throw new IllegalArgumentException("the workload owning pod " + pod.namespace() + "/" + pod.name()
                    + " was not resolved when the decision was made");
        }
        return parse(owner);
    }

    /** The inverse of {@link #toString()}. */
    public static WorkloadRef parse(String text) {
        String[] parts = text.split("/", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not kind/namespace/name: " + text);
        }
        return new WorkloadRef(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() {
        return kind + "/" + namespace + "/" + name;
    }
}
