package dev.selfheal.receiver.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.domain.WorkloadRef;
import dev.selfheal.receiver.playbook.ActionType;
import dev.selfheal.receiver.playbook.DeclaredActionType;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookSchema;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code scale} for a Deployment or StatefulSet: to N, or by +k, within [min, max]. When an HPA
 * targets the workload, its {@code minReplicas} is raised instead (the HPA would undo a direct
 * scale), or the action is refused ({@code onHpa: refuse}). The object written is stamped with
 * {@code selfheal.dev/scaled-for=<key>}: a second application for the same key writes nothing,
 * and "by +k" never adds twice. The HPA is read and written in the version the server serves
 * ({@link ApiVersions}: autoscaling/v2, or v2beta2 and v1 before 1.23).
 */
@Singleton
public final class Scale extends WorkloadAction {

    /** Its playbook name. */
    public static final String TYPE = "scale";

    /** The most replicas a playbook may ask for. */
    static final int MAX_REPLICAS = 100;

    public static final String MARK = "selfheal.dev/scaled-for";


    private final ApiVersions versions;

    @Inject
    public Scale(KubernetesClient client, WorkloadGuard guard, ApiVersions versions) {
        super(client, guard);
        this.versions = versions;
    }

    public Scale(KubernetesClient client, WorkloadGuard guard) {
        this(client, guard, new ApiVersions(client));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ActionOutcome apply(ActionRequest request) {
        WorkloadRef ref = ref(request);
        Map<String, Object> p = request.spec().params();
        try {
            HasMetadata workload = workload(ref);
            if (workload == null) {
                return ActionOutcome.failed(ref + " not found", null);
            }
            Optional<String> refusal = guard.check(workload);
            if (refusal.isPresent()) {
                return ActionOutcome.refused(refusal.get());
            }
            GenericKubernetesResource hpa = hpaFor(ref);
            if (hpa != null) {
                return scaleHpa(request, ref, hpa, p);
            }
            int current = replicas(workload);
            String before = ref + " replicas=" + current;
            if (request.key().equals(annotation(workload))) {
                return ActionOutcome.noop(ref + " already scaled for this episode; nothing written", before);
            }
            int desired = desired(current, p, Integer.MAX_VALUE);
            if (desired == current) {
                return ActionOutcome.noop(ref + " already has " + current + " replicas", before);
            }
            if (ref.kind().equals("deployment")) {
                client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).edit(d -> {
                    d.getSpec().setReplicas(desired);
                    mark(d, request.key());
                    return d;
                });
            } else {
                client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).edit(s -> {
                    s.getSpec().setReplicas(desired);
                    mark(s, request.key());
                    return s;
                });
            }
            return ActionOutcome.succeeded(ref + " scaled from " + current + " to " + desired, before,
                    ref + " replicas=" + desired);
        } catch (KubernetesClientException e) {
            return Kube.failure(ref, e, null);
        }
    }

    private ActionOutcome scaleHpa(ActionRequest request, WorkloadRef ref, GenericKubernetesResource hpa,
                                   Map<String, Object> p) {
        String name = "hpa/" + ref.namespace() + "/" + hpa.getMetadata().getName();
        if ("refuse".equals(p.get("onHpa"))) {
            return ActionOutcome.refused(name + " controls " + ref + "'s replicas; the playbook says onHpa: refuse");
        }
        Integer min = hpa.get("spec", "minReplicas");
        int current = min == null ? 1 : min;
        String before = name + " minReplicas=" + current;
        if (request.key().equals(annotation(hpa))) {
            return ActionOutcome.noop(name + " already raised for this episode; nothing written", before);
        }
        int desired = desired(current, p, hpa.<Integer>get("spec", "maxReplicas"));
        if (desired <= current) {
            return ActionOutcome.noop(name + " minReplicas is already " + current, before);
        }
        client.genericKubernetesResources(versions.horizontalPodAutoscalers()).inNamespace(ref.namespace())
                .withName(hpa.getMetadata().getName()).edit(h -> {
                    h.<Map<String, Object>>get("spec").put("minReplicas", desired);
                    mark(h, request.key());
                    return h;
                });
        return ActionOutcome.succeeded(name + " targets " + ref + ": minReplicas raised from " + current + " to "
                + desired + " instead of scaling the workload", before, name + " minReplicas=" + desired);
    }

    @Override
    public Optional<ActionOutcome> reconcile(ActionRequest request) {
        WorkloadRef ref = ref(request);
        GenericKubernetesResource hpa = hpaFor(ref);
        HasMetadata written = hpa != null ? hpa : workload(ref);
        return written != null && request.key().equals(annotation(written))
                ? Optional.of(ActionOutcome.noop("reconciled after a restart: " + ref + " was already scaled for "
                        + "this episode", null))
                : Optional.empty();
    }

    private static int desired(int current, Map<String, Object> p, int ceiling) {
        int min = (Integer) p.get("min");
        int max = Math.min((Integer) p.get("max"), ceiling);
        int wanted = p.containsKey("to") ? (Integer) p.get("to") : current + (Integer) p.get("by");
        return Math.max(min, Math.min(max, wanted));
    }

    private HasMetadata workload(WorkloadRef ref) {
        return Kube.object(client, ref).get();
    }

    private static int replicas(HasMetadata workload) {
        Integer r = workload instanceof Deployment d ? d.getSpec().getReplicas()
                : ((StatefulSet) workload).getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    private GenericKubernetesResource hpaFor(WorkloadRef ref) {
        String kind = ref.kind().equals("deployment") ? "Deployment" : "StatefulSet";
        return client.genericKubernetesResources(versions.horizontalPodAutoscalers()).inNamespace(ref.namespace())
                .list().getItems().stream()
                .filter(h -> kind.equals(h.get("spec", "scaleTargetRef", "kind"))
                        && ref.name().equals(h.get("spec", "scaleTargetRef", "name")))
                .findFirst().orElse(null);
    }

    private static String annotation(HasMetadata object) {
        Map<String, String> a = object.getMetadata().getAnnotations();
        return a == null ? null : a.get(MARK);
    }

    private static void mark(HasMetadata object, String key) {
        Map<String, String> a = object.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(object.getMetadata().getAnnotations());
        a.put(MARK, key);
        object.getMetadata().setAnnotations(a);
    }

    /** {@code scale}: sets or raises the replicas (or, under a HorizontalPodAutoscaler, its minimum) within [min, max]. */
    public static final class Type extends DeclaredActionType {

        public Type() {
            super(TYPE, List.of("deployment", "statefulset", WorkloadRef.POD_OWNER),
                    "sets or raises the replicas (or, under a HorizontalPodAutoscaler, its minimum) within [min, max]",
                    Stream.of(Permission.all("apps", List.of("deployments", "statefulsets"), "get", "patch").stream(),
                            Permission.all("autoscaling", List.of("horizontalpodautoscalers"), "list", "get", "patch")
                                    .stream(), PodOwners.PERMISSIONS.stream()).flatMap(x -> x).toList());
        }

        /** A GitOps tool's next sync would set the replicas back: a human approves first. */
        @Override
        public Playbook.GitOps gitops() {
            return Playbook.GitOps.APPROVE;
        }

        @Override
        public Map<String, PlaybookSchema.Key> keys() {
            return PlaybookSchema.keys(
                    Map.entry("to", PlaybookSchema.key(PlaybookSchema.Type.INTEGER, "replicas to set (one of to or by)")),
                    Map.entry("by", PlaybookSchema.key(PlaybookSchema.Type.INTEGER, "replicas to add (one of to or by)")),
                    Map.entry("min", PlaybookSchema.key(PlaybookSchema.Type.INTEGER, "lowest replicas (default 1)")),
                    Map.entry("max", PlaybookSchema.key(PlaybookSchema.Type.INTEGER, "highest replicas (default 10)")),
                    Map.entry("onHpa", PlaybookSchema.words("with a HorizontalPodAutoscaler (default raise-min)",
                            "raise-min", "refuse")));
        }

        @Override
        public Map<String, Object> parameters(JsonNode a, Context ctx) {
            Map<String, Object> params = new LinkedHashMap<>();
            int min = a.path("min").asInt(1);
            int max = a.path("max").asInt(10);
            ctx.require("min", min >= 0 && min <= MAX_REPLICAS, "must be from 0 to " + MAX_REPLICAS);
            ctx.require("max", max >= min && max <= MAX_REPLICAS, "must be from min to " + MAX_REPLICAS);
            boolean to = a.has("to");
            boolean by = a.has("by");
            ctx.require("", to ^ by, "scale takes exactly one of 'to' or 'by'");
            if (to) {
                int n = a.path("to").asInt(-1);
                ctx.require("to", n >= min && n <= max, "must be within [min, max]");
                params.put("to", n);
            }
            if (by) {
                int n = a.path("by").asInt(0);
                ctx.require("by", n >= 1 && n <= MAX_REPLICAS, "must be from 1 to " + MAX_REPLICAS);
                params.put("by", n);
            }
            params.put("min", min);
            params.put("max", max);
            params.put("onHpa", a.path("onHpa").asText("raise-min"));
            ctx.require("onHpa", Set.of("raise-min", "refuse").contains(a.path("onHpa").asText("raise-min")),
                    "must be raise-min or refuse");
            return params;
        }
    }
}
