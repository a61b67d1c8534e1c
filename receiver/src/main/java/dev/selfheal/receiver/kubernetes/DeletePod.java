package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.DeclaredActionType;
import dev.selfheal.receiver.playbook.Playbook;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code delete-pod}: deletes the pod the alert names, so its controller starts a fresh one. The
 * decision pins the pod's UID, and the delete carries it as a precondition: a re-run, a restart or
 * a second replica never deletes the replacement, which has the same name (a StatefulSet's pod)
 * and a new UID. A pod already gone, terminating or replaced is a no-op.
 */
@Singleton
public final class DeletePod extends WorkloadAction {

    /** Its playbook name. */
    public static final String TYPE = "delete-pod";
    /** The pinned key: the UID of the pod the decision was about. */
    public static final String PINNED_UID = "delete-pod.uid";

    public DeletePod(KubernetesClient client, WorkloadGuard guard) {
        super(client, guard);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The pod's UID now, when it exists: the one pod this decision may delete. */
    @Override
    public Map<String, String> pin(ActionRequest request) {
        WorkloadRef ref = ref(request);
        Pod pod = client.pods().inNamespace(ref.namespace()).withName(ref.name()).get();
        return pod == null ? Map.of() : Map.of(PINNED_UID, pod.getMetadata().getUid());
    }

    @Override
    public ActionOutcome apply(ActionRequest request) {
        WorkloadRef ref = ref(request);
        try {
            Pod pod = client.pods().inNamespace(ref.namespace()).withName(ref.name()).get();
            Optional<ActionOutcome> done = alreadyDone(ref, pod, request);
            if (done.isPresent()) {
                return done.get();
            }
            Optional<String> refusal = guard.check(pod);
            if (refusal.isPresent()) {
                return ActionOutcome.refused(refusal.get());
            }
            String uid = pod.getMetadata().getUid();
            String before = "uid " + uid + ", phase " + (pod.getStatus() == null ? "?" : pod.getStatus().getPhase());
            client.raw(client.getMasterUrl() + "api/v1/namespaces/" + ref.namespace() + "/pods/" + ref.name(), "DELETE",
                    Map.of("apiVersion", "v1", "kind", "DeleteOptions", "preconditions", Map.of("uid", uid)));
            return ActionOutcome.succeeded(ref + " deleted (uid " + uid + ")", before, "deleted");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                // gone meanwhile, or the precondition failed: a replacement now has the name
                return ActionOutcome.noop(ref + ": the pod decided on is gone (" + e.getCode() + "); nothing deleted",
                        "absent");
            }
            return Kube.failure(ref, e, null);
        }
    }

    @Override
    public Optional<ActionOutcome> reconcile(ActionRequest request) {
        WorkloadRef ref = ref(request);
        return alreadyDone(ref, client.pods().inNamespace(ref.namespace()).withName(ref.name()).get(), request)
                .map(o -> ActionOutcome.noop("reconciled after a restart: " + o.detail(), "absent"));
    }

    /** Gone, terminating, or replaced by a pod of another UID than the pinned one: nothing to delete. */
    private static Optional<ActionOutcome> alreadyDone(WorkloadRef ref, Pod pod, ActionRequest request) {
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of(ActionOutcome.noop(ref + " is already gone; nothing to delete", "absent"));
        }
        String pinned = request.pinned().get(PINNED_UID);
        if (pinned != null && !pinned.equals(pod.getMetadata().getUid())) {
            return Optional.of(ActionOutcome.noop(ref + " is a replacement (uid " + pod.getMetadata().getUid()
                    + "; the pod decided on was " + pinned + "); nothing deleted", "replaced"));
        }
        return Optional.empty();
    }

    /** {@code delete-pod}: deletes the pod the alert names (its controller starts a new one). */
    public static final class Type extends DeclaredActionType {

        public Type() {
            super(TYPE, List.of("pod"),
                    "deletes the pod the alert names, only the one decided on (its UID pinned), so its controller "
                    + "starts a fresh one",
                    Permission.all("", List.of("pods"), "get", "delete"));
        }
    }
}
