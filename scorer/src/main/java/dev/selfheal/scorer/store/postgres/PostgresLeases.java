package dev.selfheal.scorer.store.postgres;

import dev.selfheal.scorer.store.Leases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Leases as rows of {@code scorer_leases}, taken in one statement: inserted, or taken over when
 * expired or renewed by the same holder. Expiry is read on the database's clock ({@code now()}), so
 * replicas whose clocks disagree still agree on who holds a lease.
 *
 * <p>{@link Leases} throws nothing: when the database cannot be reached, {@code acquire} answers
 * false (nobody starts the work; a holder's lease runs out on its own) and says so in the log.
 */
public final class PostgresLeases implements Leases {

    private static final Logger LOG = Logger.getLogger(PostgresLeases.class);

    private static final String ACQUIRE = "INSERT INTO " + PostgresSchema.LEASES
            + " AS l (key, holder, expires_at) VALUES (?, ?, now() + ? * interval '1 millisecond')"
            + " ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at"
            + " WHERE l.holder = EXCLUDED.holder OR l.expires_at <= now()";

    private final PostgresStore store;

    PostgresLeases(PostgresStore store) {
        this.store = store;
    }

    @Override
    public boolean acquire(String key, String holder, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a lease lasts a while, not " + ttl);
        }
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(ACQUIRE)) {
            ps.setString(1, key);
            ps.setString(2, holder);
            ps.setLong(3, ttl.toMillis());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            LOG.warnf("lease %s not taken for %s: %s", key, holder, store.failure("cannot take a lease", e).getMessage());
            return false;
        }
    }

    @Override
    public void release(String key, String holder) {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + PostgresSchema.LEASES + " WHERE key = ? AND holder = ?")) {
            ps.setString(1, key);
            ps.setString(2, holder);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("lease %s not released by %s (it runs out on its own): %s", key, holder,
                    store.failure("cannot release a lease", e).getMessage());
        }
    }
}
