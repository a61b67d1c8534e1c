package dev.selfheal.receiver.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the playbook loader, the JSON Schema and the RBAC manifests know of one kind of action:
 * its type name, the target kinds it acts on, its typed parameters (read and validated here, with
 * its own messages) and the Kubernetes permissions it needs. Each action declares one, as a
 * public class with a no-argument constructor next to its code; {@link ActionTypes} finds them
 * all, so adding an action is its own class, its test and the RBAC grant it declares.
 */
public interface ActionType {

    /** The name a playbook writes ({@code type: delete-pod}). */
    String type();

    /** The target kinds ({@code target.kind}) it acts on. */
    List<String> targetKinds();

    /** One line for the docs: what it does. */
    String description();

    /** Its keys besides {@code type}, with their types (the loader refuses any other). */
    default Map<String, PlaybookSchema.Key> keys() {
        return Map.of();
    }

    /** Reads its parameters from the playbook's action, reporting problems to {@code context}. */
    default Map<String, Object> parameters(JsonNode action, Context context) {
        return Map.of();
    }

    /** The Kubernetes permissions it needs (the receiver's ClusterRole grants exactly their union). */
    default List<Permission> permissions() {
        return List.of();
    }

    /**
     * What it does by default to a target Argo CD or Flux manages (a playbook's {@code gitops} key
     * overrides it): allow, unless the next sync would undo it (scale, rollback: approve).
     */
    default Playbook.GitOps gitops() {
        return Playbook.GitOps.ALLOW;
    }

    /** A verb on a resource of an API group ({@code ""} for the core group). */
    record Permission(String apiGroup, String resource, String verb) {

        /** Every verb on every resource of the group. */
        public static List<Permission> all(String apiGroup, List<String> resources, String... verbs) {
            return resources.stream().flatMap(r -> Stream.of(verbs).map(v -> new Permission(apiGroup, r, v))).toList();
        }

        /** As the RBAC test writes grants: {@code group/resource:verb}. */
        public String grant() {
            return apiGroup + "/" + resource + ":" + verb;
        }
    }

    /** What reading parameters may use: the action's place in the file, its target, the problems. */
    interface Context {

        /** The action's target, or null when the target itself is invalid. */
        Playbook.Target target();

        /** Host names {@code http.allowPrivate} lets resolve to private addresses. */
        Set<String> privateHosts();

        /** Reports a problem with {@code key} of this action (a nested key as {@code headers.X}). */
        void problem(String key, String message);

        default void require(String key, boolean ok, String message) {
            if (!ok) {
                problem(key, message);
            }
        }

        /** A duration key, {@code fallback} when absent; reported when not a duration or out of [min, max]. */
        Duration duration(JsonNode action, String key, String fallback, Duration min, Duration max);
    }
}
