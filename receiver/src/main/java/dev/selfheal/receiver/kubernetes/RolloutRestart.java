package dev.selfheal.receiver.kubernetes;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.DeclaredActionType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code rollout-restart} for a Deployment, StatefulSet or DaemonSet: stamps the pod template with
 * {@code selfheal.dev/restartedAt} and {@code selfheal.dev/episode}. Idempotent by the episode
 * annotation: when the template already names this episode the restart happened, and nothing is
 * written (fabric8's own rolling restart stamps the time and would restart twice).
 */
@Singleton
public final class RolloutRestart extends WorkloadAction {

    /** Its playbook name. */
    public static final String TYPE = "rollout-restart";

    public static final String EPISODE = "selfheal.dev/episode";
    public static final String RESTARTED_AT = "selfheal.dev/restartedAt";

    /** {@code uncertain}: the API failed in a way that leaves open whether the write was applied. */
    public record Result(boolean succeeded, boolean changed, String detail, boolean uncertain) {
        Result(boolean succeeded, boolean changed, String detail) {
            this(succeeded, changed, detail, false);
        }
    }

    private final Clock clock;

    public RolloutRestart(KubernetesClient client, Clock clock, WorkloadGuard guard) {
        super(client, guard);
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ActionOutcome apply(ActionRequest request) {
        WorkloadRef ref = ref(request);
        HasMetadata workload;
        try {
            workload = resource(ref).get();
        } catch (KubernetesClientException e) {
            return ActionOutcome.failed(Kube.describe(ref, e), null);
        }
        if (workload == null) {
            return ActionOutcome.failed(ref + " not found", null);
        }
        Optional<String> refusal = guard.check(workload);
        if (refusal.isPresent()) {
            return ActionOutcome.refused(refusal.get());
        }
        String before = EPISODE + "=" + annotations(ref, workload).getOrDefault(EPISODE, "-");
        Result r = apply(ref, request.key());
        if (!r.succeeded()) {
            return Kube.failure(r.detail(), r.uncertain(), before);
        }
        return r.changed() ? ActionOutcome.succeeded(r.detail(), before, EPISODE + "=" + request.key())
                : ActionOutcome.noop(r.detail(), before);
    }

    @Override
    public Optional<ActionOutcome> reconcile(ActionRequest request) {
        WorkloadRef ref = ref(request);
        return alreadyDone(ref, request.key())
                ? Optional.of(ActionOutcome.noop("reconciled after a restart: " + ref + " already names this episode",
                        EPISODE + "=" + request.key()))
                : Optional.empty();
    }

    /** Whether the workload's template already names the episode (used to reconcile after a crash). */
    public boolean alreadyDone(WorkloadRef ref, String episodeKey) {
        HasMetadata workload = resource(ref).get();
        return workload != null && episodeKey.equals(annotations(ref, workload).get(EPISODE));
    }

    public Result apply(WorkloadRef ref, String episodeKey) {
        try {
            Resource<? extends HasMetadata> resource = resource(ref);
            HasMetadata workload = resource.get();
            if (workload == null) {
                return new Result(false, false, ref + " not found");
            }
            if (episodeKey.equals(annotations(ref, workload).get(EPISODE))) {
                return new Result(true, false, ref + " already restarted for this episode; nothing written");
            }
            String now = clock.instant().toString();
            edit(ref, template -> {
                Map<String, String> annotations = template.getMetadata().getAnnotations() == null
                        ? new HashMap<>() : new HashMap<>(template.getMetadata().getAnnotations());
                annotations.put(EPISODE, episodeKey);
                annotations.put(RESTARTED_AT, now);
                template.getMetadata().setAnnotations(annotations);
                return template;
            });
            return new Result(true, true, ref + " pod template stamped " + RESTARTED_AT + "=" + now);
        } catch (KubernetesClientException e) {
            return new Result(false, false, Kube.describe(ref, e), Kube.uncertain(e));
        }
    }

    private Resource<? extends HasMetadata> resource(WorkloadRef ref) {
        return Kube.object(client, ref);
    }

    private static Map<String, String> annotations(WorkloadRef ref, HasMetadata workload) {
        PodTemplateSpec template = switch (ref.kind()) {
            case "deployment" -> ((Deployment) workload).getSpec().getTemplate();
            case "statefulset" -> ((StatefulSet) workload).getSpec().getTemplate();
            default -> ((DaemonSet) workload).getSpec().getTemplate();
        };
        Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private void edit(WorkloadRef ref, Function<PodTemplateSpec, PodTemplateSpec> change) {
        switch (ref.kind()) {
            case "deployment" -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name())
                    .edit(d -> {
                        ensureMetadata(d.getSpec().getTemplate());
                        change.apply(d.getSpec().getTemplate());
                        return d;
                    });
            case "statefulset" -> client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name())
                    .edit(s -> {
                        ensureMetadata(s.getSpec().getTemplate());
                        change.apply(s.getSpec().getTemplate());
                        return s;
                    });
            default -> client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name())
                    .edit(d -> {
                        ensureMetadata(d.getSpec().getTemplate());
                        change.apply(d.getSpec().getTemplate());
                        return d;
                    });
        }
    }

    private static void ensureMetadata(PodTemplateSpec template) {
        if (template.getMetadata() == null) {
            template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
    }

    /** {@code rollout-restart}: restarts the workload's pods as kubectl rollout restart does, once per episode. */
    public static final class Type extends DeclaredActionType {

        public Type() {
            super(TYPE, List.of("deployment", "statefulset", "daemonset", WorkloadRef.POD_OWNER),
                    "restarts the workload's pods as kubectl rollout restart does, once per episode",
                    Stream.concat(Permission.all("apps", List.of("deployments", "statefulsets", "daemonsets"), "get",
                            "patch").stream(), PodOwners.PERMISSIONS.stream()).toList());
        }
    }
}
