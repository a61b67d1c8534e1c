package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.DeclaredActionType;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code evict-pod}: through the Eviction API, so PodDisruptionBudgets hold (a refused eviction
 * is a failure, and the chain goes on), as {@code policy/v1} or {@code v1beta1}, whichever the
 * server serves ({@link ApiVersions}). A pod already gone, or already terminating, is a no-op.
 */
@Singleton
public final class EvictPod extends WorkloadAction {

    /** Its playbook name. */
    public static final String TYPE = "evict-pod";


    private final ApiVersions versions;

    @Inject
    public EvictPod(KubernetesClient client, WorkloadGuard guard, ApiVersions versions) {
        super(client, guard);
        this.versions = versions;
    }

    public EvictPod(KubernetesClient client, WorkloadGuard guard) {
        this(client, guard, new ApiVersions(client));
    }

    @Override
    public String type() {
        return TYPE;
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
            boolean evicted = versions.evictionV1()
                    ? client.pods().inNamespace(ref.namespace()).withName(ref.name()).evict(new EvictionBuilder()
                            .withNewMetadata().withName(ref.name()).withNamespace(ref.namespace()).endMetadata().build())
                    : client.pods().inNamespace(ref.namespace()).withName(ref.name()).evict(); // policy/v1beta1
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

    /** {@code evict-pod}: evicts the pod through the Eviction API, so PodDisruptionBudgets hold. */
    public static final class Type extends DeclaredActionType {

        public Type() {
            super(TYPE, List.of("pod"),
                    "evicts the pod through the Eviction API, so PodDisruptionBudgets hold",
                    Stream.concat(Permission.all("", List.of("pods"), "get").stream(),
                            Permission.all("", List.of("pods/eviction"), "create").stream()).toList());
        }
    }
}
