package dev.selfheal.scorer.store.postgres;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the PostgreSQL store. {@link #toString()} leaves the password out, so logging these
 * never leaks it.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, optionally with driver parameters
 * @param maxConnections the pool's bound (connections are opened on demand, none held while idle)
 * @param timeout longest wait to connect, to log in, and for a pooled connection
 */
public record PostgresSettings(String jdbcUrl, Optional<String> username, Optional<String> password,
        int maxConnections, Duration timeout) {

    public static final String URL_PREFIX = "jdbc:postgresql:";

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("the scorer store's JDBC URL must start with " + URL_PREFIX
                    + " (SELFHEAL_SCORER_STORE_JDBC_URL), got " + where(jdbcUrl));
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the scorer store needs at least one connection");
        }
        if (timeout.isNegative() || timeout.toMillis() < 100) {
            throw new IllegalArgumentException("the scorer store's timeout must be at least 100ms, got " + timeout);
        }
    }

    /** Host, port and database of a JDBC URL, without its parameters (a {@code password=} could be one). */
    static String where(String jdbcUrl) {
        String s = jdbcUrl.startsWith(URL_PREFIX) ? jdbcUrl.substring(URL_PREFIX.length()) : jdbcUrl;
        int q = s.indexOf('?');
        s = q < 0 ? s : s.substring(0, q);
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            s = "//" + s.substring(at + 1);
        }
        return s.startsWith("//") ? s.substring(2) : s;
    }

    /** For logs: where, and as whom. */
    public String describe() {
        return "PostgreSQL " + where(jdbcUrl) + username.map(u -> " as " + u).orElse("");
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + describe() + ", password " + (password.isPresent() ? "set" : "unset")
                + ", maxConnections=" + maxConnections + ", timeout=" + timeout + "]";
    }
}
