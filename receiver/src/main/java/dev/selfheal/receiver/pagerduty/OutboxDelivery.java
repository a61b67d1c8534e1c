package dev.selfheal.receiver.pagerduty;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.playbook.Playbook;
import dev.selfheal.receiver.playbook.PlaybookRegistry;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox. Only the oldest undelivered event of each dedup_key is eligible, so a
 * trigger is never overtaken by its resolve; rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * and a lease, so replicas share the work and an event is sent by one of them at a time. 202 →
 * delivered; 400 → dead-lettered, never retried; 429, 5xx, timeouts and I/O errors → retried with
 * exponential backoff and jitter until the event is older than {@code max-age}, then dead.
 * Without a routing key, events stay in the outbox (and on the episode).
 */
@ApplicationScoped
public class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);
    private static final Duration NO_KEY_RECHECK = Duration.ofSeconds(30);
    private static final int BATCH = 50;

    record Pending(long id, long episodeId, String playbook, String eventAction, String body, int attempts,
                   OffsetDateTime createdAt) {
    }

    private final Transactions transactions;
    private final PagerDutyClient client;
    private final RoutingKeys keys;
    private final PlaybookRegistry playbooks;
    private final PagerDutyMetrics metrics;
    private final ReceiverConfig.PagerDuty config;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Duration lease;

    public OutboxDelivery(Transactions transactions, PagerDutyClient client, RoutingKeys keys,
                          PlaybookRegistry playbooks, PagerDutyMetrics metrics, ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.client = client;
        this.keys = keys;
        this.playbooks = playbooks;
        this.metrics = metrics;
        this.config = config.pagerduty();
        this.lease = config.pipeline().lease();
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Scheduled(every = "${selfheal.pagerduty.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("PagerDuty outbox: %s", e.getMessage());
        }
    }

    /** One pass over the due events; how many were handed to PagerDuty. */
    public int deliverDue() {
        int sent = 0;
        for (Pending p : claim()) {
            Optional<String> key = keys.forPlaybook(playbooks.find(p.playbook()).flatMap(Playbook::routingKeyFile));
            if (key.isEmpty()) {
                release(p.id(), NO_KEY_RECHECK, "no routing key configured; kept in the outbox", false);
                continue;
            }
            if (!buckets.computeIfAbsent(key.get(), k -> new TokenBucket(config.eventsPerMinute(), clock)).tryAcquire()) {
                release(p.id(), Duration.ofSeconds(1), null, false);
                continue;
            }
            Delivery d = client.send(p.eventAction(), p.body(), key.get());
            sent++;
            record(p, d);
        }
        return sent;
    }

    private List<Pending> claim() {
        return transactions.inTransaction(c -> {
            OffsetDateTime now = now();
            List<Pending> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.episode_id, o.playbook, o.event_action, "
                    + "o.body, o.attempts, o.created_at FROM pagerduty_outbox o WHERE o.state = 'PENDING' "
                    + "AND o.next_attempt_at <= ? AND (o.leased_until IS NULL OR o.leased_until < ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM pagerduty_outbox p WHERE p.dedup_key = o.dedup_key "
                    + "AND p.id < o.id AND p.state = 'PENDING') "
                    + "ORDER BY o.id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setObject(1, now);
                ps.setObject(2, now);
                ps.setInt(3, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6), rs.getObject(7, OffsetDateTime.class)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pagerduty_outbox SET leased_until = ? WHERE id = ?")) {
                for (Pending p : due) {
                    ps.setObject(1, now.plus(lease));
                    ps.setLong(2, p.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return due;
        });
    }

    private void record(Pending p, Delivery d) {
        OffsetDateTime now = now();
        switch (d.result()) {
            case DELIVERED -> {
                update(p.id(), "DELIVERED", p.attempts() + 1, now, d, now);
                metrics.delivered(Duration.between(p.createdAt(), now));
            }
            case REJECTED -> {
                update(p.id(), "DEAD", p.attempts() + 1, now, d, null);
                metrics.dead();
                LOG.warnf("PagerDuty event %d (%s) dead-lettered: %s", p.id(), p.eventAction(), d.detail());
            }
            case RETRY -> {
                if (p.createdAt().plus(config.maxAge()).isBefore(now)) {
                    update(p.id(), "DEAD", p.attempts() + 1, now, d, null);
                    metrics.dead();
                    LOG.warnf("PagerDuty event %d (%s) dead-lettered after %s of retries: %s", p.id(),
                            p.eventAction(), config.maxAge(), d.detail());
                } else {
                    update(p.id(), "PENDING", p.attempts() + 1, now.plus(backoff(p.attempts() + 1)), d, null);
                    metrics.retried();
                    LOG.infof("PagerDuty event %d (%s) will be retried: %s", p.id(), p.eventAction(), d.detail());
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** 1 s, 2 s, 4 s ... up to 5 minutes, each with ±50% jitter. */
    static Duration backoff(int attempts) {
        long base = Math.min(300_000L, 1000L << Math.min(20, Math.max(0, attempts - 1)));
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base * jitter));
    }

    private void update(long id, String state, int attempts, OffsetDateTime next, Delivery d, OffsetDateTime deliveredAt) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pagerduty_outbox SET state = ?, attempts = ?, "
                    + "next_attempt_at = ?, leased_until = NULL, last_status = ?, last_error = ?, delivered_at = ? "
                    + "WHERE id = ?")) {
                ps.setString(1, state);
                ps.setInt(2, attempts);
                ps.setObject(3, next);
                ps.setInt(4, d.status());
                ps.setString(5, d.result() == Delivery.Result.DELIVERED ? null : d.detail());
                ps.setObject(6, deliveredAt);
                ps.setLong(7, id);
                return ps.executeUpdate();
            }
        });
    }

    private void release(long id, Duration after, String note, boolean countAttempt) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pagerduty_outbox SET leased_until = NULL, "
                    + "next_attempt_at = ?, last_error = COALESCE(?, last_error), attempts = attempts + ? WHERE id = ?")) {
                ps.setObject(1, now().plus(after));
                ps.setString(2, note);
                ps.setInt(3, countAttempt ? 1 : 0);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }
}
