package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * A pod's workload through its controller ownerReferences: ReplicaSet → Deployment, or the
 * StatefulSet or DaemonSet itself. Anything else (a bare pod, a Job's pod, a ReplicaSet of its own)
 * is an error that says so: selfheal acts only on the three workload kinds.
 */
final class PodOwners {

    /** What resolving needs: read the pod, then its ReplicaSet. */
    static final List<ActionType.Permission> PERMISSIONS = List.of(new ActionType.Permission("", "pods", "get"),
            new ActionType.Permission("apps", "replicasets", "get"));

    private PodOwners() {
    }

    static WorkloadRef owner(KubernetesClient client, String namespace, String podName) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null) {
            throw new IllegalArgumentException("pod " + namespace + "/" + podName + " not found");
        }
        OwnerReference owner = controller(pod).orElseThrow(() -> new IllegalArgumentException(
                "pod " + namespace + "/" + podName + " has no controller: no workload to act on"));
        return switch (owner.getKind()) {
            case "StatefulSet" -> new WorkloadRef("statefulset", namespace, owner.getName());
            case "DaemonSet" -> new WorkloadRef("daemonset", namespace, owner.getName());
            case "ReplicaSet" -> {
                ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(owner.getName()).get();
                if (rs == null) {
                    throw new IllegalArgumentException("ReplicaSet " + namespace + "/" + owner.getName() + " of pod "
                            + podName + " not found");
                }
                OwnerReference deployment = controller(rs).filter(o -> "Deployment".equals(o.getKind()))
                        .orElseThrow(() -> new IllegalArgumentException("ReplicaSet " + namespace + "/"
                                + owner.getName() + " of pod " + podName + " belongs to no Deployment"));
                yield new WorkloadRef("deployment", namespace, deployment.getName());
            }
            default -> throw new IllegalArgumentException("pod " + namespace + "/" + podName + " belongs to "
                    + owner.getKind() + " " + owner.getName() + ", not a Deployment, StatefulSet or DaemonSet");
        };
    }

    private static Optional<OwnerReference> controller(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return owners == null ? Optional.empty()
                : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }
}
