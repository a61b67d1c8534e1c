package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.alertmanager.AlertStatus;
import dev.selfheal.receiver.alertmanager.WebhookAlert;
import dev.selfheal.receiver.alertmanager.WebhookMessage;
import dev.selfheal.receiver.pipeline.DecideStage;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Records a webhook's alerts as episodes in one transaction. An episode is keyed by
 * (fingerprint, startsAt); each distinct delivery (status, endsAt) is appended once to its
 * timeline, so a re-sent webhook, a repeat notification or an HA peer's copy changes nothing.
 * Resolved is final: a late firing delivery for a resolved episode is stale.
 */
@ApplicationScoped
public class EpisodeIntake {

    private static final Comparator<WebhookAlert> LOCK_ORDER =
            Comparator.comparing(WebhookAlert::fingerprint).thenComparing(WebhookAlert::startsAt);

    private final Transactions transactions;
    private final ObjectMapper mapper;
    private final Clock clock;

    public EpisodeIntake(Transactions transactions, ObjectMapper mapper, Clock clock) {
        this.transactions = transactions;
        this.mapper = mapper;
        this.clock = clock;
    }

    public IntakeOutcome record(WebhookMessage message) {
        // A fixed lock order keeps concurrent webhooks touching the same episodes from deadlocking.
        List<WebhookAlert> alerts = message.alerts().stream().sorted(LOCK_ORDER).toList();
        return transactions.inTransaction(connection -> {
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            int recorded = 0;
            int duplicates = 0;
            int created = 0;
            for (WebhookAlert alert : alerts) {
                EpisodeRow row = lockOrCreate(connection, alert, now);
                if (row.created) {
                    created++;
                    if (alert.status() == AlertStatus.FIRING) {
                        // the handoff to the pipeline commits with the episode: no accepted alert is skipped
                        WorkQueue.enqueue(connection, row.id, DecideStage.STAGE, now);
                    }
                }
                if (recordDelivery(connection, row, alert, message, now)) {
                    recorded++;
                } else {
                    duplicates++;
                }
            }
            return new IntakeOutcome(recorded, duplicates, created);
        });
    }

    private record EpisodeRow(long id, AlertStatus status, boolean created) {
    }

    private EpisodeRow lockOrCreate(Connection c, WebhookAlert alert, OffsetDateTime now) throws SQLException {
        EpisodeRow existing = lock(c, alert);
        if (existing != null) {
            return existing;
        }
        Savepoint savepoint = c.setSavepoint();
        try {
            long id = insertEpisode(c, alert, now);
            c.releaseSavepoint(savepoint);
            return new EpisodeRow(id, alert.status(), true);
        } catch (SQLException e) {
            if (!Transactions.isUniqueViolation(e)) {
                throw e;
            }
            // Another transaction created it first; it has committed, so it can be locked now.
            c.rollback(savepoint);
            EpisodeRow raced = lock(c, alert);
            if (raced == null) {
                throw e;
            }
            return raced;
        }
    }

    private static EpisodeRow lock(Connection c, WebhookAlert alert) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, status FROM episode WHERE fingerprint = ? AND starts_at_ns = ? FOR UPDATE")) {
            ps.setString(1, alert.fingerprint());
            ps.setLong(2, Times.toNanos(alert.startsAt()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new EpisodeRow(rs.getLong(1), AlertStatus.fromWire(rs.getString(2)), false) : null;
            }
        }
    }

    private long insertEpisode(Connection c, WebhookAlert alert, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO episode (fingerprint, starts_at_ns, status, ends_at_ns, alertname, labels_json, "
                        + "annotations_json, generator_url, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, alert.fingerprint());
            ps.setLong(2, Times.toNanos(alert.startsAt()));
            ps.setString(3, alert.status().wireName());
            ps.setLong(4, endsAtKey(alert));
            ps.setString(5, truncate(alert.alertname(), 512));
            ps.setString(6, json(alert.labels()));
            ps.setString(7, json(alert.annotations()));
            ps.setString(8, alert.generatorUrl());
            ps.setObject(9, now);
            ps.setObject(10, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Appends the delivery unless it is already there; the episode row lock serialises this check. */
    private boolean recordDelivery(Connection c, EpisodeRow row, WebhookAlert alert, WebhookMessage message,
                                   OffsetDateTime now) throws SQLException {
        if (row.status == AlertStatus.RESOLVED && alert.status() == AlertStatus.FIRING) {
            return false;
        }
        long endsAt = endsAtKey(alert);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM alert_delivery WHERE episode_id = ? AND status = ? AND ends_at_ns = ?")) {
            ps.setLong(1, row.id);
            ps.setString(2, alert.status().wireName());
            ps.setLong(3, endsAt);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        if (row.status == AlertStatus.RESOLVED && !row.created) {
            return false; // resolved is final: a resolved re-send with another endsAt changes nothing
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_delivery (episode_id, status, ends_at_ns, received_at, group_key, receiver, "
                        + "truncated_alerts) VALUES (?,?,?,?,?,?,?)")) {
            ps.setLong(1, row.id);
            ps.setString(2, alert.status().wireName());
            ps.setLong(3, endsAt);
            ps.setObject(4, now);
            ps.setString(5, message.groupKey());
            ps.setString(6, message.receiver());
            ps.setInt(7, message.truncatedAlerts());
            ps.executeUpdate();
        }
        if (!row.created) {
            updateEpisode(c, row.id, alert, endsAt, now);
            if (row.status == AlertStatus.FIRING && alert.status() == AlertStatus.RESOLVED) {
                // cancels what has not run, resolves the incident: committed with the resolution
                WorkQueue.enqueue(c, row.id, WorkQueue.RESOLVED, now);
            }
        }
        return true;
    }

    private void updateEpisode(Connection c, long id, WebhookAlert alert, long endsAt, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE episode SET status = ?, ends_at_ns = ?, annotations_json = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, alert.status().wireName());
            ps.setLong(2, endsAt);
            ps.setString(3, json(alert.annotations()));
            ps.setObject(4, now);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    /** A firing delivery's endsAt is Alertmanager's moving estimate, not part of its identity. */
    private static long endsAtKey(WebhookAlert alert) {
        return alert.status() == AlertStatus.FIRING ? 0L : Times.toNanos(alert.endsAt());
    }

    private String json(Map<String, String> map) {
        try {
            return mapper.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map always serialises", e);
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
