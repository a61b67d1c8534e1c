package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.domain.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

/** The object a reference names, plain words for the Kubernetes API's errors, and what each one means for an action. */
final class Kube {

    private Kube() {
    }

    /** The object {@code ref} names: a Deployment, StatefulSet, DaemonSet or Pod (the one switch over kinds). */
    static Resource<? extends HasMetadata> object(KubernetesClient client, WorkloadRef ref) {
        return switch (ref.kind()) {
            case "deployment" -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name());
            case "statefulset" -> client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
            case "daemonset" -> client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name());
            case "pod" -> client.pods().inNamespace(ref.namespace()).withName(ref.name());
            default -> throw new IllegalArgumentException("no Kubernetes object of kind " + ref.kind());
        };
    }

    static String describe(Object target, KubernetesClientException e) {
        String reason = e.getStatus() == null || e.getStatus().getReason() == null ? "" : " " + e.getStatus().getReason();
        return target + ": the Kubernetes API answered " + (e.getCode() <= 0 ? "nothing (" + e.getMessage() + ")"
                : e.getCode() + reason);
    }

    /** The API refused the receiver's identity: 401 (no valid token) or 403 (no grant). */
    static boolean forbidden(KubernetesClientException e) {
        return e.getCode() == 401 || e.getCode() == 403;
    }

    /** What a 401 or 403 means for selfheal, to append to {@link #describe}; empty for anything else. */
    static String forbiddenHint(KubernetesClientException e) {
        return forbidden(e) ? " (the receiver's service account has no grant there: the Helm chart binds it in the "
                + "namespaces of rbac.namespaces)" : "";
    }

    /**
     * No answer (a timeout, a dropped connection) or a 5xx: a write may have been applied all the
     * same. A 4xx (409 conflict, 403, 404, 422) is a definite refusal.
     */
    static boolean uncertain(KubernetesClientException e) {
        return e.getCode() <= 0 || e.getCode() >= 500;
    }

    /** The outcome of an action the API failed: UNKNOWN when the change may have happened, else FAILED. */
    static ActionOutcome failure(Object target, KubernetesClientException e, String before) {
        return failure(describe(target, e), uncertain(e), before);
    }

    static ActionOutcome failure(String detail, boolean uncertain, String before) {
        return uncertain ? new ActionOutcome(ActionOutcome.Status.UNKNOWN,
                detail + "; whether the change was applied is not known", before, null)
                : ActionOutcome.failed(detail, before);
    }
}
