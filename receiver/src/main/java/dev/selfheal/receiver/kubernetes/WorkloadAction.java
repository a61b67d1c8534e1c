package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.action.RemediationAction;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.ActionTypes;
import dev.selfheal.receiver.playbook.Playbook;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What every Kubernetes action shares: the client, the safety guard, and its target from the alert's labels. */
abstract class WorkloadAction implements RemediationAction {

    protected final KubernetesClient client;
    protected final WorkloadGuard guard;

    WorkloadAction(KubernetesClient client, WorkloadGuard guard) {
        this.client = client;
        this.guard = guard;
    }

    /**
     * The object this request acts on: the labels' object, or for a pod-owner target the workload
     * pinned at decision time. An IllegalArgumentException (the act stage records a refusal) when
     * it cannot be named, or when a pod's owner is of a kind this action does not act on.
     */
    WorkloadRef ref(ActionRequest request) {
        WorkloadRef ref = WorkloadRef.of(request.playbook().target(), request.labels(), request.pinned());
        List<String> kinds = ActionTypes.of(type()).map(ActionType::targetKinds).orElse(List.of());
        if (!kinds.contains(ref.kind())) {
            throw new IllegalArgumentException(type() + " acts on " + String.join(", ", kinds.stream()
                    .filter(k -> !WorkloadRef.POD_OWNER.equals(k)).toList()) + ", not on " + ref);
        }
        return ref;
    }

    /**
     * A pod-owner target's workload, read from the pod's ownerReferences now (pinned by the
     * decision). Any other target is read once too, so that a target the receiver's service
     * account may not read (a 401 or 403: no RoleBinding in its namespace) is refused at decision
     * time, the API's answer named, instead of failing when the action runs. When Argo CD or Flux
     * manages the object the action writes, which tool is pinned too ({@link GitOps}): the
     * playbook's {@code gitops} policy decides.
     */
    @Override
    public Map<String, String> resolve(Playbook.Target target, Map<String, String> labels) {
        if (!WorkloadRef.POD_OWNER.equals(target.kind())) {
            return readable(target, labels).flatMap(GitOps::manager)
                    .map(m -> Map.of(WorkloadRef.PINNED_GITOPS, m)).orElse(Map.of());
        }
        WorkloadRef pod = WorkloadRef.from(target, labels);
        try {
            WorkloadRef owner = PodOwners.owner(client, pod.namespace(), pod.name());
            Map<String, String> pins = new TreeMap<>(Map.of(WorkloadRef.PINNED_OWNER, owner.toString()));
            GitOps.manager(read(owner)).ifPresent(m -> pins.put(WorkloadRef.PINNED_GITOPS, m));
            return Map.copyOf(pins);
        } catch (KubernetesClientException e) {
            throw new IllegalArgumentException(Kube.describe("pod " + pod.namespace() + "/" + pod.name(), e)
                    + Kube.forbiddenHint(e));
        }
    }

    /**
     * The target, read now; throws when the API refuses the receiver it (401, 403). Anything else, a missing
     * label, a denied namespace, an object not found or an API not answering, is left to the
     * action's own guards and outcome, as before.
     */
    private Optional<HasMetadata> readable(Playbook.Target target, Map<String, String> labels) {
        WorkloadRef ref;
        try {
            ref = WorkloadRef.from(target, labels);
            if (guard.checkNamespace(ref.namespace()).isPresent()) {
                return Optional.empty();
            }
            return Optional.ofNullable(read(ref));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        } catch (KubernetesClientException e) {
            if (Kube.forbidden(e)) {
                throw new IllegalArgumentException(Kube.describe(target.kind() + "/" + labels.get(target.namespaceLabel())
                        + "/" + labels.get(target.nameLabel()), e) + Kube.forbiddenHint(e));
            }
            return Optional.empty();
        }
    }

    @Override
    public String target(ActionRequest request) {
        return ref(request).toString();
    }

    /**
     * The guards the action runs before it writes (the namespace, the object exists, the opt-in
     * label), then a SelfSubjectAccessReview for each permission its type declares: what the
     * receiver's service account may do there now.
     */
    @Override
    public Optional<String> refusal(ActionRequest request) {
        WorkloadRef ref;
        try {
            ref = ref(request);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        Optional<String> namespace = guard.checkNamespace(ref.namespace());
        if (namespace.isPresent()) {
            return namespace;
        }
        try {
            HasMetadata object = read(ref);
            if (object == null) {
                return Optional.of(ref + " not found");
            }
            Optional<String> refused = guard.check(object);
            if (refused.isPresent()) {
                return refused;
            }
            List<ActionType.Permission> permissions = ActionTypes.of(type()).map(ActionType::permissions)
                    .orElse(List.of());
            for (ActionType.Permission p : permissions) {
                if (!concerns(p, ref, request.playbook().target())) {
                    continue;
                }
                Optional<String> denied = denied(ref.namespace(), p);
                if (denied.isPresent()) {
                    return denied;
                }
            }
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of(Kube.describe(ref, e) + "; auto mode could not tell either");
        }
    }

    /**
     * Whether a declared permission is needed for this target: not the other workload kinds'
     * grants, and what resolving a pod's owner needs only for a pod-owner target.
     */
    private static boolean concerns(ActionType.Permission p, WorkloadRef ref, Playbook.Target target) {
        if (PodOwners.PERMISSIONS.contains(p) && !WorkloadRef.POD_OWNER.equals(target.kind())
                && !"pod".equals(ref.kind())) {
            return false;
        }
        String resource = p.resource().split("/", 2)[0];
        return !WORKLOAD_RESOURCES.contains(resource) || resource.equals(ref.kind() + "s");
    }

    private static final java.util.Set<String> WORKLOAD_RESOURCES = java.util.Set.of("deployments", "statefulsets",
            "daemonsets");

    private HasMetadata read(WorkloadRef ref) {
        return Kube.object(client, ref).get();
    }

    private Optional<String> denied(String namespace, ActionType.Permission p) {
        String[] resource = p.resource().split("/", 2);
        SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
                new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withNamespace(namespace)
                        .withGroup(p.apiGroup()).withResource(resource[0])
                        .withSubresource(resource.length > 1 ? resource[1] : null).withVerb(p.verb())
                        .endResourceAttributes().endSpec().build());
        boolean allowed = review != null && review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
        if (allowed) {
            return Optional.empty();
        }
        String why = review == null || review.getStatus() == null ? "the API server did not answer the access review"
                : review.getStatus().getReason() == null ? "not allowed" : review.getStatus().getReason();
        return Optional.of("the receiver's service account may not " + p.verb() + " "
                + (p.apiGroup().isEmpty() ? "" : p.apiGroup() + "/") + p.resource() + " in namespace " + namespace
                + " (" + why + ")");
    }
}
