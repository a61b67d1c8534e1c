package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.DeclaredActionType;
import dev.selfheal.receiver.playbook.Playbook;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code rollback} for a Deployment: to the ReplicaSet revision that was the previous one when
 * the decision was made (pinned then, in {@link #PINNED}), never a blind undo, which done twice
 * undoes itself. The Deployment's pod template is set to that revision's template; when it
 * already is, nothing is written.
 */
@Singleton
public final class Rollback extends WorkloadAction {

    /** Its playbook name. */
    public static final String TYPE = "rollback";

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String PINNED = "rollback.revision";
    private static final String HASH = "pod-template-hash";


    public Rollback(KubernetesClient client, WorkloadGuard guard) {
        super(client, guard);
    }

    /** At decision time: the revision before the current one, if there is one. */
    public static Optional<Long> previousRevision(KubernetesClient client, WorkloadRef ref) {
        Deployment d = client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
        if (d == null) {
            return Optional.empty();
        }
        List<Long> revisions = replicaSets(client, d).stream().map(Rollback::revision).filter(r -> r > 0).sorted()
                .toList();
        long current = Optional.ofNullable(d.getMetadata().getAnnotations()).map(a -> a.get(REVISION))
                .map(Long::parseLong).orElse(revisions.isEmpty() ? 0L : revisions.get(revisions.size() - 1));
        return revisions.stream().filter(r -> r < current).max(Comparator.naturalOrder());
    }

    /** The revision before the current one, when there is one: never a blind undo later. */
    @Override
    public Map<String, String> pin(ActionRequest request) {
        return previousRevision(client, ref(request)).map(r -> Map.of(PINNED, Long.toString(r))).orElse(Map.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ActionOutcome apply(ActionRequest request) {
        WorkloadRef ref = ref(request);
        String pinned = request.pinned().get(PINNED);
        if (pinned == null) {
            return ActionOutcome.refused(ref + " had no previous revision when the decision was made; nothing to roll back to");
        }
        long revision = Long.parseLong(pinned);
        try {
            Deployment d = client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
            if (d == null) {
                return ActionOutcome.failed(ref + " not found", null);
            }
            Optional<String> refusal = guard.check(d);
            if (refusal.isPresent()) {
                return ActionOutcome.refused(refusal.get());
            }
            Optional<ReplicaSet> rs = replicaSets(client, d).stream().filter(r -> revision(r) == revision).findFirst();
            if (rs.isEmpty()) {
                return ActionOutcome.failed(ref + ": revision " + revision + " is gone (its ReplicaSet was deleted)",
                        describe(d.getSpec().getTemplate()));
            }
            PodTemplateSpec wanted = withoutHash(rs.get().getSpec().getTemplate());
            String before = describe(d.getSpec().getTemplate());
            if (same(d.getSpec().getTemplate(), wanted)) {
                return ActionOutcome.noop(ref + " already runs revision " + revision + "'s template; nothing written", before);
            }
            client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).edit(x -> {
                x.getSpec().setTemplate(wanted);
                return x;
            });
            return ActionOutcome.succeeded(ref + " rolled back to revision " + revision, before, describe(wanted));
        } catch (KubernetesClientException e) {
            return Kube.failure(ref, e, null);
        }
    }

    @Override
    public Optional<ActionOutcome> reconcile(ActionRequest request) {
        // apply compares before it writes: when the template is already the pinned one it writes
        // nothing, so applying again after a crash is safe
        return Optional.empty();
    }

    private static List<ReplicaSet> replicaSets(KubernetesClient client, Deployment d) {
        String uid = d.getMetadata().getUid();
        return client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences()
                        .stream().anyMatch(o -> "Deployment".equals(o.getKind())
                                && (uid != null ? uid.equals(o.getUid()) : d.getMetadata().getName().equals(o.getName()))))
                .toList();
    }

    private static long revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        try {
            return a == null || a.get(REVISION) == null ? -1 : Long.parseLong(a.get(REVISION));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = Serialization.clone(template);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(HASH);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    private static boolean same(PodTemplateSpec a, PodTemplateSpec b) {
        return Serialization.asJson(withoutHash(a).getSpec()).equals(Serialization.asJson(b.getSpec()));
    }

    private static String describe(PodTemplateSpec t) {
        if (t == null || t.getSpec() == null || t.getSpec().getContainers() == null) {
            return "template: -";
        }
        StringBuilder b = new StringBuilder("images:");
        t.getSpec().getContainers().forEach(c -> b.append(' ').append(c.getName()).append('=').append(c.getImage()));
        return b.toString();
    }

    /** {@code rollback}: rolls the deployment back to the revision before the current one, pinned when the decision is made. */
    public static final class Type extends DeclaredActionType {

        public Type() {
            super(TYPE, List.of("deployment", WorkloadRef.POD_OWNER),
                    "rolls the deployment back to the revision before the current one, pinned when the decision is made",
                    Stream.of(Permission.all("apps", List.of("deployments"), "get", "patch").stream(),
                            Permission.all("apps", List.of("replicasets"), "list").stream(),
                            PodOwners.PERMISSIONS.stream()).flatMap(x -> x).toList());
        }

        /** A GitOps tool's next sync would bring the new template back: a human approves first. */
        @Override
        public Playbook.GitOps gitops() {
            return Playbook.GitOps.APPROVE;
        }
    }
}
