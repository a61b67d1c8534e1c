package dev.selfheal.receiver.act;

import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.pagerduty.AuditTrail;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.remediation.Remediation;
import dev.selfheal.receiver.remediation.RemediationStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The escalation chain: after an action that did not heal, the next action, or a human. */
public final class Escalation {

    private Escalation() {
    }

    /**
     * Moves the remediation to the next action (and wakes the act stage) when the chain has one;
     * otherwise escalates it and re-triggers the incident as critical. True when there is a next
     * action to run.
     */
    public static boolean nextOrEscalate(Connection c, Episode e, Playbook p, long remediationId, Remediation.State from,
                                  int index, String why, AuditTrail audit, OffsetDateTime now) throws SQLException {
        if (index + 1 < p.actions().size()) {
            boolean moved = RemediationStore.transition(c, remediationId, from, index, Remediation.State.ACTING,
                    index + 1, null, null, why + "; next: action " + (index + 1) + " ("
                            + p.actions().get(index + 1).type() + ")", now);
            if (moved) {
                WorkQueue.enqueue(c, e.id(), WorkQueue.ACT, now);
            }
            return moved;
        }
        if (RemediationStore.transition(c, remediationId, from, index, Remediation.State.ESCALATED, index, null, null,
                "escalated to a human: " + why, now)) {
            audit.escalated(c, e, p, why);
        }
        return false;
    }
}
