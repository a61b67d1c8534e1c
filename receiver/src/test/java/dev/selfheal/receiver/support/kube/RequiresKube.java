package dev.selfheal.receiver.support.kube;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when the real control plane can start here (the binaries of
 * {@link KubeBinaries}, etcd and xz on PATH); with {@code SELFHEAL_REQUIRE_KUBE=1} (as in CI) it
 * fails the run instead of skipping.
 */
public class RequiresKube implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = KubeBinaries.missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("the real Kubernetes control plane can start");
        }
        if ("1".equals(System.getenv("SELFHEAL_REQUIRE_KUBE"))) {
            throw new IllegalStateException("SELFHEAL_REQUIRE_KUBE=1 but " + missing.get());
        }
        return ConditionEvaluationResult.disabled(missing.get()
                + " (set SELFHEAL_REQUIRE_KUBE=1 to fail instead of skipping)");
    }
}
