package dev.selfheal.receiver.slack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Writes Slack messages into {@code slack_outbox} inside the caller's transaction, as
 * {@code pagerduty.PagerDutyOutbox} does for events: a message commits with the state change that
 * causes it, or not at all; (episode, cause) is unique, so a cause posts once.
 */
public final class SlackOutbox {

    static final String POST = "chat.postMessage";
    static final String UPDATE = "chat.update";
    /** The Web API methods a row may call: stored by name, checked by the store (V22). */
    public static final java.util.List<String> METHODS = java.util.List.of(POST, UPDATE);

    /** One row to add: {@code messageKey} orders it (an update waits behind its post). */
    record Message(long episodeId, String playbook, String cause, String eventKey, String messageKey, String method,
                   String channel, String body) {
    }

    private SlackOutbox() {
    }

    /** Adds the message unless its cause is there already; whether it was added. */
    static boolean add(Connection c, Message m, OffsetDateTime now) throws SQLException {
        if (find(c, m.episodeId(), m.cause()).isPresent()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO slack_outbox (episode_id, playbook, cause, event_key, "
                + "message_key, method, channel, body, state, next_attempt_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)")) {
            ps.setLong(1, m.episodeId());
            ps.setString(2, m.playbook());
            ps.setString(3, m.cause());
            ps.setString(4, m.eventKey());
            ps.setString(5, m.messageKey());
            ps.setString(6, m.method());
            ps.setString(7, m.channel());
            ps.setString(8, m.body());
            ps.setObject(9, now);
            ps.setObject(10, now);
            ps.executeUpdate();
        }
        return true;
    }

    /** A message as posted: its key (what an update of it waits behind) and the channel it went to. */
    record Posted(String messageKey, String channel) {
    }

    /** The message of this cause, when there is one. */
    static Optional<Posted> find(Connection c, long episodeId, String cause) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT message_key, channel FROM slack_outbox WHERE episode_id = ? AND cause = ?")) {
            ps.setLong(1, episodeId);
            ps.setString(2, cause);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Posted(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }
}
