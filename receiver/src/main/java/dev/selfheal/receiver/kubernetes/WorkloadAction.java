package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.action.RemediationAction;
import dev.selfheal.receiver.domain.WorkloadRef;
import io.fabric8.kubernetes.client.KubernetesClient;

/** What every Kubernetes action shares: the client, the safety guard, and its target from the alert's labels. */
abstract class WorkloadAction implements RemediationAction {

    protected final KubernetesClient client;
    protected final WorkloadGuard guard;

    WorkloadAction(KubernetesClient client, WorkloadGuard guard) {
        this.client = client;
        this.guard = guard;
    }

    static WorkloadRef ref(ActionRequest request) {
        return WorkloadRef.from(request.playbook().target(), request.labels());
    }

    @Override
    public String target(ActionRequest request) {
        return ref(request).toString();
    }
}
