package dev.selfheal.receiver.remediation;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.action.HttpAction;
import dev.selfheal.receiver.action.RemediationAction;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.kubernetes.EvictPod;
import dev.selfheal.receiver.kubernetes.Rollback;
import dev.selfheal.receiver.kubernetes.RolloutRestart;
import dev.selfheal.receiver.kubernetes.Scale;
import dev.selfheal.receiver.kubernetes.WorkloadGuard;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The actions by their playbook type. Built at start-up ({@code @Startup}), not on the first
 * remediation, so the first action after a webhook does not pay for creating the clients.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class ActionCatalog {

    private final Map<String, RemediationAction> actions;

    public ActionCatalog(KubernetesClient kubernetes, Clock clock, ReceiverConfig config) {
        ReceiverConfig.Safety s = config.safety();
        WorkloadGuard guard = new WorkloadGuard(s.allowNamespaces().orElse(List.of()), s.denyNamespaces(),
                s.requireLabel());
        this.actions = Map.of(
                "http", new HttpAction(),
                "rollout-restart", new RolloutRestart(kubernetes, clock, guard),
                "scale", new Scale(kubernetes, guard),
                "rollback", new Rollback(kubernetes, guard),
                "evict-pod", new EvictPod(kubernetes, guard));
    }

    public RemediationAction of(String type) {
        RemediationAction action = actions.get(type);
        return action != null ? action : UNKNOWN;
    }

    private static final RemediationAction UNKNOWN = new RemediationAction() {
        @Override
        public String target(ActionRequest request) {
            return "-";
        }

        @Override
        public ActionOutcome apply(ActionRequest request) {
            return ActionOutcome.refused("no action of type " + request.spec().type());
        }

        @Override
        public Optional<ActionOutcome> reconcile(ActionRequest request) {
            return Optional.empty();
        }
    };
}
