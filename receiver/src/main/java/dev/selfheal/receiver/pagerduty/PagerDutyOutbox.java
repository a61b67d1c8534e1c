package dev.selfheal.receiver.pagerduty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;

/**
 * Writes events into the outbox inside the caller's transaction: an event commits with the state
 * change that causes it, or not at all. (episode, cause) is unique, so a cause emits once.
 */
public final class PagerDutyOutbox {

    private PagerDutyOutbox() {
    }

    /** Adds the event unless its cause is there already; whether it was added. */
    public static boolean add(Connection c, long episodeId, String playbook, String cause, String dedupKey,
                              String eventAction, String body, OffsetDateTime now) throws SQLException {
        if (has(c, episodeId, cause)) {
            return false;
        }
        insert(c, episodeId, playbook, cause, dedupKey, eventAction, body, now);
        return true;
    }

    /**
     * A change event of selfheal itself (no episode: the kill switch), sent with the global routing
     * key, in order with the other such events.
     */
    public static void addControl(Connection c, String cause, String body, OffsetDateTime now) throws SQLException {
        insert(c, null, "", cause, "selfheal-control", EventAction.CHANGE.wire(), body, now);
    }

    private static void insert(Connection c, Long episodeId, String playbook, String cause, String dedupKey,
                               String eventAction, String body, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pagerduty_outbox (episode_id, playbook, cause, "
                + "dedup_key, event_action, body, state, next_attempt_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")) {
            if (episodeId == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, episodeId);
            }
            ps.setString(2, playbook);
            ps.setString(3, cause);
            ps.setString(4, dedupKey);
            ps.setString(5, eventAction);
            ps.setString(6, body);
            ps.setObject(7, now);
            ps.setObject(8, now);
            ps.executeUpdate();
        }
    }

    public static boolean has(Connection c, long episodeId, String cause) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pagerduty_outbox WHERE episode_id = ? AND cause = ?")) {
            ps.setLong(1, episodeId);
            ps.setString(2, cause);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether the episode has an incident open in PagerDuty's eyes (a trigger queued or sent). */
    public static boolean hasTrigger(Connection c, long episodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pagerduty_outbox WHERE episode_id = ? "
                + "AND event_action = 'trigger'")) {
            ps.setLong(1, episodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
