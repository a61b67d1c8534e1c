package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * {@code evict-pod}: through the Eviction API, so PodDisruptionBudgets hold (a refused eviction
 * is a failure, and the chain goes on). A pod already gone, or already terminating, is a no-op.
 */
public final class EvictPod extends WorkloadAction {


    public EvictPod(KubernetesClient client, WorkloadGuard guard) {
        super(client, guard);
    }

    @Override
    public ActionOutcome apply(ActionRequest request) {
        WorkloadRef ref = ref(request);
        try {
            Pod pod = client.pods().inNamespace(ref.namespace()).withName(ref.name()).get();
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
                return ActionOutcome.noop(ref + " is already gone; nothing to evict", "absent");
            }
            Optional<String> refusal = guard.check(pod);
            if (refusal.isPresent()) {
                return ActionOutcome.refused(refusal.get());
            }
            String before = "phase " + (pod.getStatus() == null ? "?" : pod.getStatus().getPhase())
                    + (pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : " on " + pod.getSpec().getNodeName());
            boolean evicted = client.pods().inNamespace(ref.namespace()).withName(ref.name()).evict();
            return evicted ? ActionOutcome.succeeded(ref + " evicted", before, "evicted")
                    : ActionOutcome.failed(ref + ": the eviction was refused (a PodDisruptionBudget holds)", before);
        } catch (KubernetesClientException e) {
            return Kube.failure(ref, e, null);
        }
    }

    @Override
    public Optional<ActionOutcome> reconcile(ActionRequest request) {
        WorkloadRef ref = ref(request);
        Pod pod = client.pods().inNamespace(ref.namespace()).withName(ref.name()).get();
        return pod == null || pod.getMetadata().getDeletionTimestamp() != null
                ? Optional.of(ActionOutcome.noop("reconciled after a restart: " + ref + " is gone", "absent"))
                : Optional.empty();
    }
}
