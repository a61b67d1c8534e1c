package dev.selfheal.receiver.pagerduty;

import dev.selfheal.receiver.store.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The row moves an outbox's delivery makes, the same for PagerDuty's outbox and Slack's
 * ({@code slack_outbox}): both tables have {@code leased_until}, {@code in_doubt},
 * {@code attempted_at}, {@code next_attempt_at}, {@code attempts}, {@code last_error} and
 * {@code doubt}. The table name is a constant of the caller, never input.
 */
public final class OutboxRows {

    private OutboxRows() {
    }

    /** Claims the rows for one attempt: leased, and in doubt from here until an answer is recorded (a kill while sending leaves them so). */
    public static void lease(Connection c, String table, List<Long> ids, OffsetDateTime now, Duration lease)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET leased_until = ?, in_doubt = TRUE, attempted_at = ? WHERE id = ?")) {
            for (long id : ids) {
                ps.setObject(1, now.plus(lease));
                ps.setObject(2, now);
                ps.setLong(3, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Gives a claimed row back unsent, due at {@code next}: its doubt and when it was last attempted
     * stay as they were before the claim; {@code note}, when set, says why; {@code countAttempt}
     * counts it as an attempt (a look-up that could not tell).
     */
    public static void release(Transactions transactions, String table, long id, OffsetDateTime next, String note,
                               boolean countAttempt, boolean inDoubt, OffsetDateTime attemptedAt) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET leased_until = NULL, "
                    + "next_attempt_at = ?, last_error = COALESCE(?, last_error), attempts = attempts + ?, in_doubt = ?, "
                    + "attempted_at = ? WHERE id = ?")) {
                ps.setObject(1, next);
                ps.setString(2, note);
                ps.setInt(3, countAttempt ? 1 : 0);
                ps.setBoolean(4, inDoubt);
                ps.setObject(5, attemptedAt);
                ps.setLong(6, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Records how a row's doubt was settled (the outbox APIs show it). */
    public static void settled(Transactions transactions, String table, long id, OutboxDoubt how) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET doubt = ? WHERE id = ?")) {
                ps.setString(1, how.name());
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }
}
