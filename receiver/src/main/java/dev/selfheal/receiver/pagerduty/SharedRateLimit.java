package dev.selfheal.receiver.pagerduty;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.store.StoreUnavailableException;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PagerDuty's limit of {@code SELFHEAL_PAGERDUTY_EVENTS_PER_MINUTE} (120) events a minute per
 * routing key, held across replicas: the bucket is a row of {@code pagerduty_rate_limit}, taken
 * under a row lock ({@code FOR UPDATE}), so two replicas sending for one key share its 120. The
 * row is named by the key's SHA-256; the key itself is never stored.
 */
@ApplicationScoped
public class SharedRateLimit {

    private final Transactions transactions;
    private final int perMinute;
    private final Clock clock;
    private final Set<String> rows = ConcurrentHashMap.newKeySet();

    @Inject
    public SharedRateLimit(Transactions transactions, ReceiverConfig config, Clock clock) {
        this(transactions, config.pagerduty().eventsPerMinute(), clock);
    }

    /** One replica's view of shared buckets of {@code perMinute} (tests build several on one store; Slack has its own). */
    public SharedRateLimit(Transactions transactions, int perMinute, Clock clock) {
        this.transactions = transactions;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes a token of the routing key's bucket; false when the key has used its minute's share. */
    public boolean tryAcquire(String routingKey) {
        String id = keyId(routingKey);
        if (!rows.contains(id)) {
            create(id);
            rows.add(id);
        }
        return transactions.inTransaction(c -> {
            Instant now = clock.instant();
            TokenBucket bucket = read(c, id).orElse(TokenBucket.full(perMinute, now)).refill(now, perMinute);
            TokenBucket after = bucket.hasToken() ? bucket.take() : bucket;
            write(c, id, after);
            return bucket.hasToken();
        });
    }

    private static Optional<TokenBucket> read(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tokens, refilled_at FROM pagerduty_rate_limit WHERE key_id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TokenBucket(rs.getDouble(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant())) : Optional.empty();
            }
        }
    }

    private static void write(Connection c, String id, TokenBucket bucket) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE pagerduty_rate_limit SET tokens = ?, refilled_at = ? WHERE key_id = ?")) {
            ps.setDouble(1, bucket.tokens());
            ps.setObject(2, bucket.refilledAt().atOffset(ZoneOffset.UTC));
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** The key's row, full, unless a replica made it first (its own transaction: a unique violation ends it). */
    private void create(String id) {
        try {
            transactions.inTransaction(c -> {
                if (read(c, id).isPresent()) {
                    return null;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO pagerduty_rate_limit (key_id, tokens, refilled_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setDouble(2, perMinute);
                    ps.setObject(3, clock.instant().atOffset(ZoneOffset.UTC));
                    return ps.executeUpdate();
                }
            });
        } catch (StoreUnavailableException e) {
            if (!(e.getCause() instanceof SQLException sql && Transactions.isUniqueViolation(sql))) {
                throw e;
            }
        }
    }

    static String keyId(String routingKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(routingKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
