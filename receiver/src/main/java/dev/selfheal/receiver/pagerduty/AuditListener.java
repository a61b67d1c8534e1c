package dev.selfheal.receiver.pagerduty;

import dev.selfheal.receiver.action.ActionOutcome;
import dev.selfheal.receiver.domain.Decision;
import dev.selfheal.receiver.episode.Episode;
import dev.selfheal.receiver.playbook.Playbook;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Another channel that hears of a remediation's steps as the {@link AuditTrail} does (a CDI bean,
 * such as the Slack notices): called by the audit trail first, whatever its PagerDuty policy, in
 * the caller's transaction, so a notice commits with the state change that causes it. This package
 * knows no listener; a listener depends on it.
 */
public interface AuditListener {

    /** The decision on a confirmed (or not) alert; not called for test alerts. */
    default void decided(Connection c, Episode e, Playbook p, Decision d, Map<String, Object> scores) throws SQLException {
    }

    /** An executed action, with its outcome. */
    default void actionDone(Connection c, Episode e, Playbook p, int index, String target, ActionOutcome outcome)
            throws SQLException {
    }

    /** An operator approved or rejected the waiting action ({@code by} names them, and where from). */
    default void approvalDecided(Connection c, Episode e, Playbook p, int index, boolean approved, String by)
            throws SQLException {
    }

    /** Nobody decided the waiting action in time: it expired, and nothing runs. */
    default void approvalExpired(Connection c, Episode e, Playbook p, int index) throws SQLException {
    }

    /** The chain is exhausted or an action could not run: a human is needed. */
    default void escalated(Connection c, Episode e, Playbook p, String reason) throws SQLException {
    }

    /** Verification says healed. */
    default void healed(Connection c, Episode e, Playbook p, String verification) throws SQLException {
    }
}
