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
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers the outbox. Only the oldest undelivered event of each dedup_key is eligible, so a
 * trigger is never overtaken by its resolve; rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * and a lease, so replicas share the work and an event is sent by one of them at a time. 202 →
 * delivered; 400 → dead-lettered, never retried; 429, 5xx, timeouts and I/O errors → retried with
 * exponential backoff and jitter until the event is older than {@code max-age}, then dead. An
 * attempt without an answer (a kill while sending, a timeout) leaves the event in doubt, and the
 * next attempt asks PagerDuty first when it can ({@link PagerDutyLookup}).
 * Without a routing key, events stay in the outbox (and on the episode).
 */
@ApplicationScoped
public class OutboxDelivery {

    private static final Logger LOG = Logger.getLogger(OutboxDelivery.class);
    private static final Duration NO_KEY_RECHECK = Duration.ofSeconds(30);
    private static final int BATCH = 50;
    private static final String TABLE = "pagerduty_outbox";

    record Pending(long id, long episodeId, String playbook, String cause, String dedupKey, String eventAction,
                   String body, int attempts, OffsetDateTime createdAt, boolean inDoubt, OffsetDateTime attemptedAt) {
    }

    /** Lookups of an in-doubt event that may fail before it is sent again anyway (at least once). */
    static final int LOOKUP_TRIES = 3;

    private final Transactions transactions;
    private final PagerDutyClient client;
    private final PagerDutyLookup lookup;
    private final RoutingKeys keys;
    private final PlaybookRegistry playbooks;
    private final PagerDutyMetrics metrics;
    private final ReceiverConfig.PagerDuty config;
    private final Clock clock;
    private final SharedRateLimit rateLimit;
    private final Duration lease;

    public OutboxDelivery(Transactions transactions, PagerDutyClient client, PagerDutyLookup lookup, RoutingKeys keys,
                          PlaybookRegistry playbooks, PagerDutyMetrics metrics, SharedRateLimit rateLimit,
                          ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.client = client;
        this.lookup = lookup;
        this.keys = keys;
        this.playbooks = playbooks;
        this.metrics = metrics;
        this.rateLimit = rateLimit;
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
                release(p, NO_KEY_RECHECK, "no routing key configured; kept in the outbox", false);
                continue;
            }
            if (!rateLimit.tryAcquire(key.get())) {
                release(p, Duration.ofSeconds(1), null, false);
                continue;
            }
            if (p.inDoubt() && !resolveDoubt(p)) {
                continue;
            }
            Delivery d = client.send(p.eventAction(), p.body(), key.get());
            sent++;
            record(p, d);
        }
        return sent;
    }

    /**
     * An earlier attempt of this event had no answer. With a REST API token PagerDuty is asked
     * whether it arrived: yes → recorded as delivered, not sent again; no → sent. When it cannot
     * tell (the API fails) the event waits and is asked about again; once it has waited
     * {@value #LOOKUP_TRIES} times it is sent: at least once rather than lost. A re-trigger of an
     * incident that is open anyway, or no token, cannot be told apart: sent again at once. True:
     * send it now.
     */
    private boolean resolveDoubt(Pending p) {
        boolean decidable = !"trigger".equals(p.eventAction()) || !earlierTriggerDelivered(p);
        PagerDutyLookup.Answer answer = lookup.enabled() && decidable
                ? lookup.received(p.eventAction(), p.dedupKey(), p.episodeId(), p.cause(), p.attemptedAt())
                : PagerDutyLookup.Answer.UNKNOWN;
        switch (answer) {
            case RECEIVED -> {
                OffsetDateTime now = now();
                update(p.id(), OutboxState.DELIVERED, p.attempts(), now,
                        new Delivery(Delivery.Result.DELIVERED, 0, "found at PagerDuty after an attempt without an answer"),
                        now, false);
                settled(p.id(), OutboxDoubt.CONFIRMED);
                metrics.confirmedInDoubt();
                metrics.delivered(Duration.between(p.createdAt(), now));
                LOG.infof("PagerDuty event %d (%s) was already at PagerDuty; not sent again", p.id(), p.eventAction());
                return false;
            }
            case NOT_RECEIVED -> {
                return true;
            }
            default -> {
                if (lookup.enabled() && decidable && p.attempts() < LOOKUP_TRIES) {
                    release(p, backoff(p.attempts() + 1), "in doubt; PagerDuty's REST API could not tell yet", true);
                    return false;
                }
                settled(p.id(), OutboxDoubt.RESENT);
                metrics.resentInDoubt();
                LOG.infof("PagerDuty event %d (%s) is sent again without knowing whether the earlier attempt arrived",
                        p.id(), p.eventAction());
                return true;
            }
        }
    }

    private boolean earlierTriggerDelivered(Pending p) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pagerduty_outbox WHERE dedup_key = ? AND id < ? "
                    + "AND event_action = 'trigger' AND state = 'DELIVERED'")) {
                ps.setString(1, p.dedupKey());
                ps.setLong(2, p.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private List<Pending> claim() {
        return transactions.inTransaction(c -> {
            OffsetDateTime now = now();
            List<Pending> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.episode_id, o.playbook, o.event_action, "
                    + "o.body, o.attempts, o.created_at, o.cause, o.dedup_key, o.in_doubt, o.attempted_at "
                    + "FROM pagerduty_outbox o WHERE o.state = 'PENDING' "
                    + "AND o.next_attempt_at <= ? AND (o.leased_until IS NULL OR o.leased_until < ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM pagerduty_outbox p WHERE p.dedup_key = o.dedup_key "
                    + "AND p.id < o.id AND p.state = 'PENDING') "
                    + "ORDER BY o.id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setObject(1, now);
                ps.setObject(2, now);
                ps.setInt(3, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Pending(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(8),
                                rs.getString(9), rs.getString(4), rs.getString(5), rs.getInt(6),
                                rs.getObject(7, OffsetDateTime.class), rs.getBoolean(10),
                                rs.getObject(11, OffsetDateTime.class)));
                    }
                }
            }
            OutboxRows.lease(c, TABLE, due.stream().map(Pending::id).toList(), now, lease);
            return due;
        });
    }

    private void record(Pending p, Delivery d) {
        OffsetDateTime now = now();
        switch (d.result()) {
            case DELIVERED -> {
                update(p.id(), OutboxState.DELIVERED, p.attempts() + 1, now, d, now, false);
                metrics.delivered(Duration.between(p.createdAt(), now));
            }
            case REJECTED -> {
                update(p.id(), OutboxState.DEAD, p.attempts() + 1, now, d, null, false);
                metrics.dead();
                LOG.warnf("PagerDuty event %d (%s) dead-lettered: %s", p.id(), p.eventAction(), d.detail());
            }
            case RETRY -> {
                if (p.createdAt().plus(config.maxAge()).isBefore(now)) {
                    update(p.id(), OutboxState.DEAD, p.attempts() + 1, now, d, null, d.maybeReceived());
                    metrics.dead();
                    LOG.warnf("PagerDuty event %d (%s) dead-lettered after %s of retries: %s", p.id(),
                            p.eventAction(), config.maxAge(), d.detail());
                } else {
                    // an attempt without an answer leaves the event in doubt; a 429 or 5xx answer does not
                    update(p.id(), OutboxState.PENDING, p.attempts() + 1, now.plus(backoff(p.attempts() + 1)), d, null,
                            d.maybeReceived());
                    metrics.retried();
                    LOG.infof("PagerDuty event %d (%s) will be retried: %s", p.id(), p.eventAction(), d.detail());
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** 1 s, 2 s, 4 s ... up to 5 minutes, each with ±50% jitter. */
    public static Duration backoff(int attempts) {
        long base = Math.min(300_000L, 1000L << Math.min(20, Math.max(0, attempts - 1)));
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base * jitter));
    }

    private void update(long id, OutboxState state, int attempts, OffsetDateTime next, Delivery d, OffsetDateTime deliveredAt,
                        boolean inDoubt) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pagerduty_outbox SET state = ?, attempts = ?, "
                    + "next_attempt_at = ?, leased_until = NULL, last_status = ?, last_error = ?, delivered_at = ?, "
                    + "in_doubt = ? WHERE id = ?")) {
                ps.setString(1, state.name());
                ps.setInt(2, attempts);
                ps.setObject(3, next);
                ps.setInt(4, d.status());
                // a 202 needs no note; a delivery confirmed by the REST API (status 0: no answer of its own) keeps one
                ps.setString(5, d.result() == Delivery.Result.DELIVERED && d.status() != 0 ? null : d.detail());
                ps.setObject(6, deliveredAt);
                ps.setBoolean(7, inDoubt);
                ps.setLong(8, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Records how an event's doubt was settled (the outbox API shows it). */
    private void settled(long id, OutboxDoubt how) {
        OutboxRows.settled(transactions, TABLE, id, how);
    }

    /** Gives a claimed event back unsent: its doubt (and when it was last attempted) stay as they were. */
    private void release(Pending p, Duration after, String note, boolean countAttempt) {
        OutboxRows.release(transactions, TABLE, p.id(), now().plus(after), note, countAttempt, p.inDoubt(), p.attemptedAt());
    }
}
