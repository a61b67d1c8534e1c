package dev.selfheal.receiver.episode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.domain.AlertStatus;
import dev.selfheal.receiver.domain.WebhookAlert;
import dev.selfheal.receiver.domain.WebhookMessage;
import dev.selfheal.receiver.pipeline.WorkQueue;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records a webhook's alerts as episodes in one transaction. An episode is keyed by
 * (fingerprint, startsAt); each distinct delivery (status, endsAt) is appended once to its
 * timeline, so a re-sent webhook, a repeat notification or an HA peer's copy changes nothing.
 * Resolved is final: a late firing delivery for a resolved episode is stale. The webhook's
 * rejected alerts become dead letters in the same transaction.
 */
@ApplicationScoped
@Typed(EpisodeIntake.class)
public class EpisodeIntake implements IntakeStore {

    private static final Comparator<WebhookAlert> LOCK_ORDER =
            Comparator.comparing(WebhookAlert::fingerprint).thenComparing(WebhookAlert::startsAt);

    private final Transactions transactions;
    private final ObjectMapper mapper;
    private final PlaybookRegistry playbooks;
    private final int committers;
    private final DeadLetters deadLetters;

    @Inject
    public EpisodeIntake(Transactions transactions, ObjectMapper mapper, PlaybookRegistry playbooks,
                         ReceiverConfig config, DeadLetters deadLetters) {
        this(transactions, mapper, playbooks, config.webhook().commitThreads(), deadLetters);
    }

    EpisodeIntake(Transactions transactions, ObjectMapper mapper, PlaybookRegistry playbooks, int committers,
                  DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.playbooks = playbooks;
        this.transactions = transactions;
        this.mapper = mapper;
        this.committers = committers;
    }

    @Override
    public List<IntakeOutcome> accept(List<AcceptedWebhook> webhooks) {
        return recordAll(webhooks, connection -> null);
    }

    @Override
    public int committers() {
        return committers;
    }

    /**
     * Records webhooks in one transaction (a group commit), one after the other as if each had
     * its own: a later one sees what an earlier one recorded; {@code also} runs last in the same
     * transaction (the journal's checkpoint). The outcomes are in the webhooks' order.
     */
    public List<IntakeOutcome> recordAll(List<AcceptedWebhook> webhooks, Transactions.Work<?> also) {
        return transactions.inTransaction(connection -> {
            List<IntakeOutcome> outcomes = new ArrayList<>(webhooks.size());
            for (AcceptedWebhook webhook : webhooks) {
                outcomes.add(record(connection, webhook.message(), webhook.acceptedAt()));
            }
            also.run(connection);
            return outcomes;
        });
    }

    private IntakeOutcome record(Connection connection, WebhookMessage message, Instant acceptedAt) throws SQLException {
        // A fixed lock order keeps concurrent webhooks touching the same episodes from deadlocking.
        List<WebhookAlert> alerts = message.alerts().stream().sorted(LOCK_ORDER).toList();
        OffsetDateTime now = acceptedAt.atOffset(ZoneOffset.UTC);
        Map<Key, EpisodeRow> rows = select(connection, alerts, true);
        List<WebhookAlert> fresh = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        for (WebhookAlert alert : alerts) {
            if (!rows.containsKey(Key.of(alert)) && seen.add(Key.of(alert))) {
                fresh.add(alert);
            }
        }
        if (!fresh.isEmpty()) {
            insertEpisodes(connection, fresh, message.externalUrl(), now);
            select(connection, fresh, false).forEach((k, r) -> rows.put(k, new EpisodeRow(r.id, r.status, true)));
        }
        int recorded = 0;
        int duplicates = 0;
        int[] enqueued = {0};
        List<WebhookAlert> later = new ArrayList<>();
        try (PreparedStatement deliveries = connection.prepareStatement(INSERT_DELIVERY);
             PreparedStatement work = connection.prepareStatement(WorkQueue.INSERT_NEW)) {
            Set<Key> first = new HashSet<>();
            for (WebhookAlert alert : alerts) {
                EpisodeRow row = rows.get(Key.of(alert));
                if (!row.created || !first.add(Key.of(alert))) {
                    later.add(alert); // an existing episode, or the same alert twice in one webhook
                    continue;
                }
                // the handoff to the pipeline commits with the episode: no accepted alert that a
                // playbook matches is skipped (an alert no playbook matches has nothing to decide)
                if (alert.status() == AlertStatus.FIRING && !playbooks.matching(alert.labels()).isEmpty()) {
                    WorkQueue.addNew(work, row.id, WorkQueue.DECIDE, now);
                    enqueued[0]++;
                }
                addDelivery(deliveries, row.id, alert, endsAtKey(alert), message, now);
                recorded++;
            }
            deliveries.executeBatch();
            work.executeBatch();
        }
        for (WebhookAlert alert : later) {
            if (recordDelivery(connection, lock(connection, alert), alert, message, now, enqueued)) {
                recorded++;
            } else {
                duplicates++;
            }
        }
        int dead = message.rejected().isEmpty() ? 0 : deadLetters.addRejected(connection, message.rejected(), acceptedAt);
        return new IntakeOutcome(recorded, duplicates, fresh.size(), enqueued[0], false, dead);
    }

    private record EpisodeRow(long id, AlertStatus status, boolean created) {
    }

    /** An episode's identity: (fingerprint, startsAt in nanoseconds). */
    private record Key(String fingerprint, long startsAt) {
        static Key of(WebhookAlert alert) {
            return new Key(alert.fingerprint(), Times.toNanos(alert.startsAt()));
        }
    }

    private static final int CHUNK = 100;
    private static final String INSERT_DELIVERY = "INSERT INTO alert_delivery (episode_id, status, ends_at_ns, "
            + "received_at, group_key, receiver, truncated_alerts) VALUES (?,?,?,?,?,?,?)";

    /** The episodes of these alerts that exist, locked when asked (one query per 100 alerts). */
    private static Map<Key, EpisodeRow> select(Connection c, List<WebhookAlert> alerts, boolean lock) throws SQLException {
        Map<Key, EpisodeRow> rows = new HashMap<>();
        for (int from = 0; from < alerts.size(); from += CHUNK) {
            List<WebhookAlert> chunk = alerts.subList(from, Math.min(alerts.size(), from + CHUNK));
            String sql = "SELECT id, status, fingerprint, starts_at_ns FROM episode WHERE (fingerprint, starts_at_ns) IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "(?,?)")) + ")"
                    + (lock ? " ORDER BY fingerprint, starts_at_ns FOR UPDATE" : "");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (WebhookAlert a : chunk) {
                    ps.setString(i++, a.fingerprint());
                    ps.setLong(i++, Times.toNanos(a.startsAt()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(new Key(rs.getString(3), rs.getLong(4)),
                                new EpisodeRow(rs.getLong(1), AlertStatus.fromWire(rs.getString(2)), false));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Inserts the new episodes in one batch. When a concurrent webhook created one of them first,
     * the whole transaction is tried again (as for a serialization failure), and then finds it.
     */
    private void insertEpisodes(Connection c, List<WebhookAlert> fresh, String externalUrl, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO episode (fingerprint, starts_at_ns, status, ends_at_ns, alertname, labels_json, "
                        + "annotations_json, generator_url, created_at, updated_at, external_url) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (WebhookAlert alert : fresh) {
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
                ps.setString(11, externalUrl);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (Transactions.isUniqueViolation(e)) {
                throw new SQLException("a concurrent webhook created the same episode; trying again", "40001", e);
            }
            throw e;
        }
    }

    private static void addDelivery(PreparedStatement ps, long episodeId, WebhookAlert alert, long endsAt,
                                    WebhookMessage message, OffsetDateTime now) throws SQLException {
        ps.setLong(1, episodeId);
        ps.setString(2, alert.status().wireName());
        ps.setLong(3, endsAt);
        ps.setObject(4, now);
        ps.setString(5, message.groupKey());
        ps.setString(6, message.receiver());
        ps.setInt(7, message.truncatedAlerts());
        ps.addBatch();
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

    /** Appends the delivery unless it is already there; the episode row lock serialises this check. */
    private boolean recordDelivery(Connection c, EpisodeRow row, WebhookAlert alert, WebhookMessage message,
                                   OffsetDateTime now, int[] enqueued) throws SQLException {
        if (row.status == AlertStatus.RESOLVED && alert.status() == AlertStatus.FIRING) {
            return false;
        }
        long endsAt = endsAtKey(alert);
        if (!row.created && deliveryExists(c, row, alert, endsAt)) {
            return false;
        }
        if (row.status == AlertStatus.RESOLVED && !row.created) {
            return false; // resolved is final: a resolved re-send with another endsAt changes nothing
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_DELIVERY)) {
            addDelivery(ps, row.id, alert, endsAt, message, now);
            ps.executeBatch();
        }
        if (!row.created) {
            updateEpisode(c, row.id, alert, endsAt, now);
            if (row.status == AlertStatus.FIRING && alert.status() == AlertStatus.RESOLVED) {
                // cancels what has not run, resolves the incident: committed with the resolution
                WorkQueue.enqueue(c, row.id, WorkQueue.RESOLVED, now);
                enqueued[0]++;
            }
        }
        return true;
    }

    /** A new episode has no deliveries yet; only an existing one is checked (under its row lock). */
    private static boolean deliveryExists(Connection c, EpisodeRow row, WebhookAlert alert, long endsAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM alert_delivery WHERE episode_id = ? AND status = ? AND ends_at_ns = ?")) {
            ps.setLong(1, row.id);
            ps.setString(2, alert.status().wireName());
            ps.setLong(3, endsAt);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
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
