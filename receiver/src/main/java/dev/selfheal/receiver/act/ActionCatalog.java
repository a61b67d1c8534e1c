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
     * The playbook's target resolved at decision time ({@link RemediationAction#resolve}: a pod's
     * owning workload), as pins; empty when the labels name it. Throws IllegalArgumentException
     * when it cannot be resolved.
     */
    public Map<String, String> resolve(Playbook playbook, Map<String, String> labels) {
        return of(playbook.actions().get(0).type()).resolve(playbook.target(), labels);
    }

    /**
     * What the playbook's actions fix at decision time ({@link RemediationAction#pin}) on the
     * resolved target, merged with it; empty when nothing is pinned.
     */
    public Map<String, String> pins(long episodeId, Playbook playbook, Map<String, String> labels,
                                    Map<String, String> resolved) {
        Map<String, String> pins = new TreeMap<>(resolved);
        for (int i = 0; i < playbook.actions().size(); i++) {
            pins.putAll(of(playbook.actions().get(i).type()).pin(
                    new ActionRequest(episodeId, "pin-" + episodeId, playbook, i, labels, Map.copyOf(pins))));
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
