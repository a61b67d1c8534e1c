package dev.selfheal.receiver.action;

import dev.selfheal.receiver.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The execution records: every side effect's key (episode, playbook, action index) is inserted
 * as STARTED, and committed, before the side effect; the unique constraint makes a second worker,
 * a re-sent alert or a restart find it and not act again.
 */
public final class ActionExecutions {

    /**
     * The state of an execution recorded before its side effect, whose outcome is not recorded yet;
     * the other states are {@link ActionOutcome.Status} names (the store checks both, V12).
     */
    public static final String STARTED = "STARTED";


    private ActionExecutions() {
    }

    /** Records the execution as STARTED; false when its key is already there. */
    public static boolean start(Connection c, long episodeId, String playbook, int index, String type, String target,
                                OffsetDateTime now) throws SQLException {
        if (state(c, episodeId, playbook, index).isPresent()) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO action_execution (episode_id, playbook, "
                + "action_index, action_type, target, state, started_at) VALUES (?, ?, ?, ?, ?, 'STARTED', ?)")) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            ps.setInt(3, index);
            ps.setString(4, type);
            ps.setString(5, target);
            ps.setObject(6, now);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    public static Optional<String> state(Connection c, long episodeId, String playbook, int index) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM action_execution WHERE episode_id = ? "
                + "AND playbook = ? AND action_index = ?")) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            ps.setInt(3, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Records the result of a STARTED execution; false when it was finished already. */
    public static boolean finish(Connection c, long episodeId, String playbook, int index, ActionOutcome outcome,
                                 OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE action_execution SET state = ?, detail = ?, "
                + "before_state = ?, after_state = ?, finished_at = ? WHERE episode_id = ? AND playbook = ? "
                + "AND action_index = ? AND state = 'STARTED'")) {
            ps.setString(1, outcome.status().name());
            ps.setString(2, outcome.detail());
            ps.setString(3, outcome.before());
            ps.setString(4, outcome.after());
            ps.setObject(5, now);
            ps.setLong(6, episodeId);
            ps.setString(7, playbook);
            ps.setInt(8, index);
            return ps.executeUpdate() == 1;
        }
    }

    /** The recorded outcome of a finished execution. */
    public static Optional<ActionOutcome> outcome(Connection c, long episodeId, String playbook, int index)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state, detail, before_state, after_state FROM "
                + "action_execution WHERE episode_id = ? AND playbook = ? AND action_index = ? AND state <> 'STARTED'")) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            ps.setInt(3, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ActionOutcome(ActionOutcome.Status.valueOf(rs.getString(1)),
                        rs.getString(2), rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }
}
