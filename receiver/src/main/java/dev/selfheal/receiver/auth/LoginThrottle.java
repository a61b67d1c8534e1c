package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import dev.selfheal.receiver.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Failed logins per account, shared by every replica through the store (table
 * {@code login_failure}): {@code loginFailuresPerMinute} (at least 5) failures within a minute
 * are answered normally; after them the account is refused (429) without checking the password,
 * on every replica, until enough of those failures are a minute old. A success clears the
 * account. When the store cannot answer, this process's own count decides meanwhile
 * ({@link RecentFailures}), so a store outage neither locks operators out nor lifts the limit.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    private final int limit;
    private final Clock clock;
    private final Transactions transactions;
    private final RecentFailures local;

    @Inject
    public LoginThrottle(ReceiverConfig config, Clock clock, Transactions transactions) {
        this(config.console().loginFailuresPerMinute(), clock, transactions);
    }

    LoginThrottle(int limit, Clock clock, Transactions transactions) {
        this.limit = limit;
        this.clock = clock;
        this.transactions = transactions;
        this.local = new RecentFailures(limit, clock);
    }

    /** How long the account must wait before it may try again; zero when it may try now. */
    public Duration retryAfter(String account) {
        Instant now = clock.instant();
        try {
            return wait(recent(key(account), now), limit, now);
        } catch (RuntimeException e) {
            LOG.debugf("login failures unreadable from the store, this process's count decides: %s", e.getMessage());
            return local.retryAfter(key(account));
        }
    }

    public void failed(String account) {
        String key = key(account);
        local.failed(key);
        Instant now = clock.instant();
        try {
            transactions.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO login_failure (account_key, failed_at) VALUES (?, ?)")) {
                    ps.setString(1, key);
                    ps.setObject(2, now.atOffset(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failure WHERE failed_at <= ?")) {
                    ps.setObject(1, now.minus(WINDOW).atOffset(ZoneOffset.UTC));
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("a login failure could not be stored, counted in this process only: %s", e.getMessage());
        }
    }

    public void succeeded(String account) {
        String key = key(account);
        local.succeeded(key);
        try {
            transactions.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failure WHERE account_key = ?")) {
                    ps.setString(1, key);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("an account's login failures could not be cleared: %s", e.getMessage());
        }
    }

    /**
     * The wait, given the account's failures within the last minute in time order: none while
     * they are fewer than the limit; else until the one that brings them under it is a minute old.
     */
    static Duration wait(List<Instant> recent, int limit, Instant now) {
        if (recent.size() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, recent.get(recent.size() - limit).plus(WINDOW));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private List<Instant> recent(String key, Instant now) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT failed_at FROM login_failure "
                    + "WHERE account_key = ? AND failed_at > ? ORDER BY failed_at")) {
                ps.setString(1, key);
                ps.setObject(2, now.minus(WINDOW).atOffset(ZoneOffset.UTC));
                List<Instant> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                    }
                }
                return out;
            }
        });
    }

    /** The account as stored: the SHA-256 of its lowercased name (bounded, whatever a caller typed). */
    static String key(String account) {
        return Operators.sha256(account.toLowerCase(Locale.ROOT));
    }

    /** An account name as it may appear in a log line: printable, bounded (it comes from the caller). */
    public static String printable(String account) {
        String cleaned = account.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
    }
}
