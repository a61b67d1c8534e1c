package dev.selfheal.receiver.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The safety rules every Kubernetes action passes before it writes: the namespace is allowed and
 * not denied, and the object carries the opt-in label (by default {@code selfheal.dev/enabled=true}).
 */
public record WorkloadGuard(List<String> allowNamespaces, List<String> denyNamespaces, String requireLabel) {

    public static final String NO_LABEL_REQUIRED = "none";

    /** Why the namespace may not be touched, if it may not. */
    public Optional<String> checkNamespace(String namespace) {
        if (denyNamespaces.contains(namespace)) {
            return Optional.of("namespace " + namespace + " is denied (selfheal.safety.deny-namespaces)");
        }
        if (!allowNamespaces.isEmpty() && !allowNamespaces.contains(namespace)) {
            return Optional.of("namespace " + namespace + " is not in selfheal.safety.allow-namespaces");
        }
        return Optional.empty();
    }

    /** Why the object may not be touched, if it may not. */
    public Optional<String> check(HasMetadata object) {
        Optional<String> ns = checkNamespace(object.getMetadata().getNamespace());
        if (ns.isPresent() || NO_LABEL_REQUIRED.equals(requireLabel)) {
            return ns;
        }
        int eq = requireLabel.indexOf('=');
        String key = eq < 0 ? requireLabel : requireLabel.substring(0, eq);
        String value = eq < 0 ? null : requireLabel.substring(eq + 1);
        Map<String, String> labels = object.getMetadata().getLabels();
        String actual = labels == null ? null : labels.get(key);
        if (actual == null || (value != null && !value.equals(actual))) {
            return Optional.of(object.getKind() + " " + object.getMetadata().getNamespace() + "/"
                    + object.getMetadata().getName() + " does not carry the label " + requireLabel
                    + "; selfheal only touches workloads that opt in");
        }
        return Optional.empty();
    }
}
