package dev.selfheal.receiver.journal;

import dev.selfheal.receiver.store.StoreUnavailableException;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How far the intake journal is recorded in the store. It is advanced in the transaction that
 * records the episodes of the records before it, so a record is turned into episodes exactly once
 * whatever stops the receiver in between.
 */
@ApplicationScoped
public class JournalCheckpoint {

    private final Transactions transactions;
    private final Clock clock;

    public JournalCheckpoint(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    public long read() {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position FROM intake_journal_checkpoint WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreUnavailableException("the intake journal checkpoint row is missing", null);
                }
                return rs.getLong(1);
            }
        });
    }

    /** Moves the checkpoint to {@code position} inside the caller's transaction. */
    public void advance(Connection c, long position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE intake_journal_checkpoint SET position = ?, updated_at = ? WHERE id = 1")) {
            ps.setLong(1, position);
            ps.setObject(2, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /**
     * Forces what the store has committed to its disk, so that a journal segment can be deleted
     * without a power cut losing the episodes it fed. H2 writes each commit (WRITE_DELAY=0) but
     * does not sync it; PostgreSQL syncs every commit (and never runs with the journal).
     */
    public void syncStore() {
        transactions.inTransaction(c -> {
            if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2")) {
                try (var st = c.createStatement()) {
                    st.execute("CHECKPOINT SYNC");
                }
            }
            return null;
        });
    }

    /** Moves the checkpoint on its own (past a record that cannot be recorded). */
    public void advance(long position) {
        transactions.inTransaction(c -> {
            advance(c, position);
            return null;
        });
    }
}
