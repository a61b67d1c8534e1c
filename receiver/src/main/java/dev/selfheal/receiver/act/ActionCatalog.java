package dev.selfheal.receiver.act;

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
import dev.selfheal.receiver.playbook.Playbook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The actions by their playbook type. Built at start-up ({@code @Startup}), not on the first
 * remediation, so the first action after a webhook does not pay for creating the clients.
 */
@ApplicationScoped
@Startup
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

    /**
     * What the playbook's actions fix at decision time ({@link RemediationAction#pin}), merged;
     * empty when none pins anything.
     */
    public Map<String, String> pins(Playbook playbook, Map<String, String> labels) {
        Map<String, String> pins = new TreeMap<>();
        for (Playbook.ActionSpec a : playbook.actions()) {
            pins.putAll(of(a.type()).pin(playbook.target(), labels));
        }
        return pins;
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
