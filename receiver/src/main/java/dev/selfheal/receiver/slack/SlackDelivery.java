package dev.selfheal.receiver.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.pagerduty.Delivery;
import dev.selfheal.receiver.pagerduty.OutboxDelivery;
import dev.selfheal.receiver.pagerduty.OutboxDoubt;
import dev.selfheal.receiver.pagerduty.OutboxRows;
import dev.selfheal.receiver.pagerduty.OutboxState;
import dev.selfheal.receiver.pagerduty.SharedRateLimit;
import dev.selfheal.receiver.store.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Delivers the Slack outbox as {@link OutboxDelivery} delivers PagerDuty's: the oldest undelivered
 * message of each message key only (an update never overtakes its post), rows claimed with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, paced per channel by a {@link SharedRateLimit} of
 * {@code SELFHEAL_SLACK_MESSAGES_PER_MINUTE}. ok → delivered (its ts kept for updates); an error a
 * retry cannot cure (not_in_channel, channel_not_found, invalid_auth, ...) → dead; ratelimited, 5xx
 * and no answer → retried after Slack's Retry-After or a backoff, until {@code max-age}. A post left
 * in doubt is looked up ({@link SlackLookup}) before it is posted again. Without a bot token,
 * messages wait, saying so.
 */
@ApplicationScoped
public class SlackDelivery {

    private static final Logger LOG = Logger.getLogger(SlackDelivery.class);
    private static final Duration NO_TOKEN_RECHECK = Duration.ofSeconds(30);
    private static final int BATCH = 20;
    private static final String TABLE = "slack_outbox";
    /** Look-ups of a post in doubt that may fail before it is posted again anyway (at least once). */
    static final int LOOKUP_TRIES = 3;

    record Claimed(long id, String method, String channel, String messageKey, String eventKey, String body, int attempts,
                   OffsetDateTime createdAt, boolean inDoubt, OffsetDateTime attemptedAt) {
    }

    private final Transactions transactions;
    private final SlackClient client;
    private final SlackLookup lookup;
    private final SharedRateLimit pace;
    private final ObjectMapper mapper;
    private final ReceiverConfig.Slack config;
    private final Duration lease;
    private final Clock clock;

    public SlackDelivery(Transactions transactions, SlackClient client, SlackLookup lookup, ObjectMapper mapper,
                         ReceiverConfig config, Clock clock) {
        this.transactions = transactions;
        this.client = client;
        this.lookup = lookup;
        this.mapper = mapper;
        this.config = config.slack();
        this.lease = config.pipeline().lease();
        this.clock = clock;
        this.pace = new SharedRateLimit(transactions, this.config.messagesPerMinute(), clock);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Scheduled(every = "${selfheal.slack.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warnf("Slack outbox: %s", e.getMessage());
        }
    }

    /** One pass over the due messages; how many calls went to Slack. */
    public int deliverDue() {
        int sent = 0;
        for (Claimed m : claim()) {
            if (!client.ready()) {
                release(m, NO_TOKEN_RECHECK, "no Slack bot token configured (SELFHEAL_SLACK_BOT_TOKEN); kept in the outbox",
                        false);
                continue;
            }
            if (!pace.tryAcquire("slack " + m.channel())) {
                release(m, Duration.ofSeconds(1), null, false);
                continue;
            }
            ObjectNode body;
            try {
                body = (ObjectNode) mapper.readTree(m.body());
            } catch (IOException | ClassCastException e) {
                finish(m, OffsetDateTime.now(clock), OutboxState.DEAD, "the stored message is not a JSON object", 0, null);
                continue;
            }
            if (SlackOutbox.UPDATE.equals(m.method()) && !aim(m, body)) {
                continue;
            }
            if (SlackOutbox.POST.equals(m.method()) && m.inDoubt() && !settleDoubt(m)) {
                continue;
            }
            SlackAnswer answer = client.post(m.method(), body);
            sent++;
            record(m, answer);
        }
        return sent;
    }

    /** An update goes to the posted message: its channel ID and ts; dead when the post never made it. */
    private boolean aim(Claimed m, ObjectNode body) {
        String[] posted = transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, channel_id, ts FROM slack_outbox "
                    + "WHERE message_key = ? AND method = ? ORDER BY id FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, m.messageKey());
                ps.setString(2, SlackOutbox.POST);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3)} : null;
                }
            }
        });
        if (posted == null || !OutboxState.DELIVERED.name().equals(posted[0]) || posted[2] == null) {
            finish(m, now(), OutboxState.DEAD, "the message to update was never posted", 0, null);
            return false;
        }
        body.put("channel", posted[1] == null ? m.channel() : posted[1]);
        body.put("ts", posted[2]);
        return true;
    }

    /**
     * An earlier post had no answer: found in the channel → delivered, not posted again; not there →
     * posted; Slack cannot tell → asked again later, and after {@value #LOOKUP_TRIES} tries posted
     * (at least once rather than lost). True: post it now.
     */
    private boolean settleDoubt(Claimed m) {
        SlackLookup.Answer answer = lookup.posted(knownChannelId(m.channel()), m.eventKey(), m.attemptedAt());
        switch (answer.kind()) {
            case RECEIVED -> {
                finish(m, now(), OutboxState.DELIVERED, "found in the channel after an attempt without an answer", 0,
                        answer);
                doubt(m.id(), OutboxDoubt.CONFIRMED);
                LOG.infof("Slack message %d was already in %s; not posted again", m.id(), m.channel());
                return false;
            }
            case NOT_RECEIVED -> {
                return true;
            }
            default -> {
                if (m.attempts() < LOOKUP_TRIES) {
                    release(m, OutboxDelivery.backoff(m.attempts() + 1), "in doubt; conversations.history could not tell yet",
                            true);
                    return false;
                }
                doubt(m.id(), OutboxDoubt.RESENT);
                return true;
            }
        }
    }

    /** conversations.history wants a channel ID: the one an earlier post to this channel answered with, if any. */
    private String knownChannelId(String channel) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT channel_id FROM slack_outbox WHERE channel = ? "
                    + "AND channel_id IS NOT NULL ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : channel;
                }
            }
        });
    }

    private void record(Claimed m, SlackAnswer answer) {
        OffsetDateTime now = now();
        Delivery d = answer.delivery();
        switch (d.result()) {
            case DELIVERED -> finish(m, now, OutboxState.DELIVERED, null, d.status(), new SlackLookup.Answer(
                    SlackLookup.Answer.Kind.RECEIVED, answer.body().path("ts").asText(null),
                    answer.body().path("channel").asText(null)));
            case REJECTED -> {
                finish(m, now, OutboxState.DEAD, d.detail(), d.status(), null);
                LOG.warnf("Slack message %d (%s to %s) is dead: %s", m.id(), m.method(), m.channel(), d.detail());
            }
            default -> {
                if (m.createdAt().plus(config.maxAge()).isBefore(now)) {
                    finish(m, now, OutboxState.DEAD, d.detail() + " (retried for " + config.maxAge() + ")", d.status(), null);
                    return;
                }
                Duration wait = answer.retryAfter().compareTo(Duration.ZERO) > 0 ? answer.retryAfter()
                        : OutboxDelivery.backoff(m.attempts() + 1);
                transactions.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE slack_outbox SET attempts = attempts + 1, "
                            + "next_attempt_at = ?, leased_until = NULL, last_status = ?, last_error = ?, in_doubt = ? "
                            + "WHERE id = ?")) {
                        ps.setObject(1, now.plus(wait));
                        ps.setInt(2, d.status());
                        ps.setString(3, d.detail());
                        ps.setBoolean(4, d.maybeReceived());
                        ps.setLong(5, m.id());
                        return ps.executeUpdate();
                    }
                });
                LOG.infof("Slack message %d will be retried in %s: %s", m.id(), wait, d.detail());
            }
        }
    }

    /** Delivered (with where Slack put it) or dead, for good. */
    private void finish(Claimed m, OffsetDateTime now, OutboxState state, String note, int status, SlackLookup.Answer at) {
        transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE slack_outbox SET state = ?, attempts = attempts + 1, "
                    + "leased_until = NULL, last_status = ?, last_error = ?, delivered_at = ?, in_doubt = FALSE, "
                    + "ts = COALESCE(?, ts), channel_id = COALESCE(?, channel_id) WHERE id = ?")) {
                ps.setString(1, state.name());
                ps.setInt(2, status);
                ps.setString(3, note);
                ps.setObject(4, state == OutboxState.DELIVERED ? now : null);
                ps.setString(5, at == null ? null : at.ts());
                ps.setString(6, at == null ? null : at.channelId());
                ps.setLong(7, m.id());
                return ps.executeUpdate();
            }
        });
    }

    private void doubt(long id, OutboxDoubt how) {
        OutboxRows.settled(transactions, TABLE, id, how);
    }

    /** Gives a claimed message back unsent, due after {@code after}; its doubt stays as it was. */
    private void release(Claimed m, Duration after, String note, boolean countAttempt) {
        OutboxRows.release(transactions, TABLE, m.id(), now().plus(after), note, countAttempt, m.inDoubt(),
                m.attemptedAt());
    }

    private List<Claimed> claim() {
        return transactions.inTransaction(c -> {
            OffsetDateTime now = now();
            List<Claimed> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.method, o.channel, o.message_key, o.event_key, "
                    + "o.body, o.attempts, o.created_at, o.in_doubt, o.attempted_at FROM slack_outbox o "
                    + "WHERE o.state = 'PENDING' AND o.next_attempt_at <= ? AND (o.leased_until IS NULL OR o.leased_until < ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM slack_outbox p WHERE p.message_key = o.message_key AND p.id < o.id "
                    + "AND p.state = 'PENDING') ORDER BY o.id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED")) {
                ps.setObject(1, now);
                ps.setObject(2, now);
                ps.setInt(3, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class),
                                rs.getBoolean(9), rs.getObject(10, OffsetDateTime.class)));
                    }
                }
            }
            OutboxRows.lease(c, TABLE, due.stream().map(Claimed::id).toList(), now, lease);
            return due;
        });
    }
}
