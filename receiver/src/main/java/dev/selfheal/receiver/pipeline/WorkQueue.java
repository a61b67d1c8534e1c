package dev.selfheal.receiver.pipeline;

import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's durable work: rows of (episode, stage) claimed with {@code FOR UPDATE SKIP
 * LOCKED} and a lease, so several replicas share the work and a crashed worker's items come back
 * when the lease runs out.
 */
@ApplicationScoped
public class WorkQueue {

    /** The stages: decide (match, confirm, decide), act, verify, and resolved (the alert resolved). */
    public static final String DECIDE = "decide";
    public static final String ACT = "act";
    public static final String VERIFY = "verify";
    public static final String RESOLVED = "resolved";
    /** The order of a worker's pass: new episodes decided first, then resolutions, actions, checks. */
    public static final List<String> ORDER = List.of(DECIDE, RESOLVED, ACT, VERIFY);

    public record Item(long id, long episodeId, String stage, int attempts) {
    }

    private final Transactions transactions;
    private final Clock clock;

    public WorkQueue(Transactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    public List<Item> claim(String stage, int max, Duration lease) {
        return transactions.inTransaction(c -> {
            OffsetDateTime now = now();
            List<Item> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, episode_id, attempts FROM pipeline_work "
                    + "WHERE stage = ? AND due_at <= ? AND (leased_until IS NULL OR leased_until < ?) "
                    + "ORDER BY due_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setString(1, stage);
                ps.setObject(2, now);
                ps.setObject(3, now);
                ps.setInt(4, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Item(rs.getLong(1), rs.getLong(2), stage, rs.getInt(3) + 1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pipeline_work SET leased_until = ?, attempts = attempts + 1 WHERE id = ?")) {
                for (Item item : items) {
                    ps.setObject(1, now.plus(lease));
                    ps.setLong(2, item.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return items;
        });
    }

    /**
     * Adds (episode, stage) work inside the caller's transaction, so the handoff commits with the
     * state that causes it; an item already waiting is made due no later than {@code dueAt}. The
     * item is only a wake-up: the state to act on lives in the episode's rows, and a stage that
     * finds work left after it ran keeps its item.
     */
    public static void enqueue(Connection c, long episodeId, String stage, OffsetDateTime dueAt) throws SQLException {
        try (PreparedStatement sooner = c.prepareStatement(
                "UPDATE pipeline_work SET due_at = ? WHERE episode_id = ? AND stage = ? AND due_at > ?")) {
            sooner.setObject(1, dueAt);
            sooner.setLong(2, episodeId);
            sooner.setString(3, stage);
            sooner.setObject(4, dueAt);
            sooner.executeUpdate();
        }
        try (PreparedStatement exists = c.prepareStatement(
                "SELECT 1 FROM pipeline_work WHERE episode_id = ? AND stage = ?")) {
            exists.setLong(1, episodeId);
            exists.setString(2, stage);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pipeline_work (episode_id, stage, due_at) VALUES (?, ?, ?)")) {
            ps.setLong(1, episodeId);
            ps.setString(2, stage);
            ps.setObject(3, dueAt);
            ps.executeUpdate();
        }
    }

    public static final String INSERT_NEW = "INSERT INTO pipeline_work (episode_id, stage, due_at) VALUES (?, ?, ?)";

    /**
     * Adds work for an episode created in the caller's transaction (it cannot have any yet) to a
     * batch of {@link #INSERT_NEW}.
     */
    public static void addNew(PreparedStatement batch, long episodeId, String stage, OffsetDateTime dueAt)
            throws SQLException {
        batch.setLong(1, episodeId);
        batch.setString(2, stage);
        batch.setObject(3, dueAt);
        batch.addBatch();
    }

    /** Removes a finished item, inside the transaction that records its result. */
    public static void complete(Connection c, long itemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pipeline_work WHERE id = ?")) {
            ps.setLong(1, itemId);
            ps.executeUpdate();
        }
    }

    /** Gives an item back, due again after the delay. */
    public void retryLater(long itemId, Duration delay) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pipeline_work SET due_at = ?, leased_until = NULL WHERE id = ?")) {
                ps.setObject(1, now().plus(delay));
                ps.setLong(2, itemId);
                return ps.executeUpdate();
            }
        });
    }
}
