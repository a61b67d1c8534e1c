package dev.selfheal.receiver.remediation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the remediation state machine. Every method runs inside the caller's transaction, so a
 * transition commits with the work items and PagerDuty events it causes; every transition is a
 * compare-and-swap on the current state, so two workers (or a worker and a human approving) never
 * both win.
 */
public final class RemediationStore {

    private static final String COLUMNS = "id, episode_id, playbook, state, action_index, verify_after, "
            + "verify_deadline, pinned, outcome, created_at";

    private RemediationStore() {
    }

    /** Creates the remediation unless (episode, playbook) has one already; its id either way. */
    public static long create(Connection c, long episodeId, String playbook, Remediation.State state, String pinned,
                              OffsetDateTime now) throws SQLException {
        Optional<Remediation> existing = find(c, episodeId, playbook, false);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO remediation (episode_id, playbook, state, "
                + "action_index, pinned, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            ps.setString(3, state.name());
            ps.setString(4, pinned);
            ps.setObject(5, now);
            ps.setObject(6, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public static Optional<Remediation> find(Connection c, long episodeId, String playbook, boolean lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM remediation WHERE episode_id = ? "
                + "AND playbook = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, episodeId);
            ps.setString(2, playbook);
            return first(ps);
        }
    }

    public static Optional<Remediation> byId(Connection c, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM remediation WHERE id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            return first(ps);
        }
    }

    /** The episode's remediations, in creation order, locked when asked. */
    public static List<Remediation> forEpisode(Connection c, long episodeId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM remediation WHERE episode_id = ? "
                + "ORDER BY id" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, episodeId);
            List<Remediation> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row(rs));
                }
            }
            return result;
        }
    }

    /**
     * Moves the remediation from {@code from} (at {@code fromIndex}) to {@code to}; false when
     * someone else moved it first.
     */
    public static boolean transition(Connection c, long id, Remediation.State from, int fromIndex, Remediation.State to,
                                     int toIndex, Instant verifyAfter, Instant verifyDeadline, String outcome,
                                     OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE remediation SET state = ?, action_index = ?, "
                + "verify_after = ?, verify_deadline = ?, outcome = COALESCE(?, outcome), updated_at = ? "
                + "WHERE id = ? AND state = ? AND action_index = ?")) {
            ps.setString(1, to.name());
            ps.setInt(2, toIndex);
            ps.setObject(3, utc(verifyAfter));
            ps.setObject(4, utc(verifyDeadline));
            ps.setString(5, outcome);
            ps.setObject(6, now);
            ps.setLong(7, id);
            ps.setString(8, from.name());
            ps.setInt(9, fromIndex);
            return ps.executeUpdate() == 1;
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Optional<Remediation> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Remediation row(ResultSet rs) throws SQLException {
        return new Remediation(rs.getLong(1), rs.getLong(2), rs.getString(3), Remediation.State.valueOf(rs.getString(4)),
                rs.getInt(5), instant(rs, 6), instant(rs, 7), rs.getString(8), rs.getString(9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
