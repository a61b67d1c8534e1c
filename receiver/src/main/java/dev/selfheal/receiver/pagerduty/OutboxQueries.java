package dev.selfheal.receiver.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.store.StoreUnavailableException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the outbox for the API, the episode timeline and the metrics. */
@ApplicationScoped
public class OutboxQueries {

    /** One event as the API shows it (its body never holds the routing key). */
    public record OutboxEvent(long id, long episodeId, String playbook, String cause, String dedupKey,
                              String eventAction, String state, int attempts, Integer lastStatus, String lastError,
                              Instant createdAt, Instant deliveredAt, OutboxDoubt doubt, JsonNode body) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;

    public OutboxQueries(AgroalDataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    public List<OutboxEvent> list(Optional<String> state, Optional<Long> episodeId, long afterId, int limit) {
        String sql = "SELECT id, episode_id, playbook, cause, dedup_key, event_action, state, attempts, last_status, "
                + "last_error, created_at, delivered_at, doubt, body FROM pagerduty_outbox WHERE id > " + afterId
                + (state.isPresent() ? " AND state = ?" : "") + (episodeId.isPresent() ? " AND episode_id = ?" : "")
                + " ORDER BY id FETCH FIRST ? ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (state.isPresent()) {
                ps.setString(i++, state.get());
            }
            if (episodeId.isPresent()) {
                ps.setLong(i++, episodeId.get());
            }
            ps.setInt(i, limit);
            List<OutboxEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new OutboxEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), nullableInt(rs, 9),
                            rs.getString(10), nullableInstant(rs, 11), nullableInstant(rs, 12), doubt(rs, 13),
                            json(rs.getString(14))));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new StoreUnavailableException("the PagerDuty outbox could not be read", e);
        }
    }

    public double pendingCount() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pagerduty_outbox WHERE state = 'PENDING'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    /** An integer column that may be NULL (an outbox's last status). */
    public static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A timestamp column that may be NULL, as an instant. */
    public static Instant nullableInstant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** An outbox's {@code doubt} column. */
    public static OutboxDoubt doubt(ResultSet rs, int column) throws SQLException {
        String how = rs.getString(column);
        return how == null ? null : OutboxDoubt.valueOf(how);
    }

    /** A stored body as JSON (as text when it is not JSON). */
    public JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }
}
