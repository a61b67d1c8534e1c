package dev.selfheal.receiver.act;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.action.ActionRequest;
import dev.selfheal.receiver.action.RemediationAction;
import dev.selfheal.receiver.playbook.ActionTypes;
import dev.selfheal.receiver.playbook.Playbook;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The actions by their playbook type: every {@link RemediationAction} bean, each matching one
 * {@link dev.selfheal.receiver.playbook.ActionType} the playbook loader knows (the start fails
 * otherwise). Built at start-up ({@code @Startup}), not on the first remediation, so the first
 * action after a webhook does not pay for creating the clients.
 */
@ApplicationScoped
@Startup
public class ActionCatalog {

    private final Map<String, RemediationAction> actions;

    public ActionCatalog(Instance<RemediationAction> found) {
        Map<String, RemediationAction> byType = new TreeMap<>();
        for (RemediationAction a : found) {
            RemediationAction earlier = byType.put(a.type(), a);
            if (earlier != null) {
                throw new IllegalStateException("two actions of type '" + a.type() + "': "
                        + earlier.getClass().getName() + " and " + a.getClass().getName());
            }
        }
        if (!byType.keySet().equals(ActionTypes.all().keySet())) {
            throw new IllegalStateException("the actions " + byType.keySet() + " and the action types the playbooks "
                    + "may name " + ActionTypes.all().keySet() + " differ");
        }
        this.actions = Map.copyOf(byType);
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
        public String type() {
            return "unknown";
        }

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
