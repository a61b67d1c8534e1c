package dev.selfheal.scorer.store.postgres;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The scorer's share of a PostgreSQL database: a small pool of its own (Agroal, used directly, so a
 * scorer without a database needs no datasource) and its tables, created at start when missing.
 * {@link PostgresBlobs} and {@link PostgresLeases} share one.
 */
public final class PostgresStore implements AutoCloseable {

    private final PostgresSettings settings;
    private final AgroalDataSource pool;

    private PostgresStore(PostgresSettings settings, AgroalDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /** Opens the pool and creates the tables when missing; an unreachable database is an IOException. */
    public static PostgresStore open(PostgresSettings settings) throws IOException {
        AgroalDataSource pool;
        try {
            pool = new io.agroal.pool.DataSource(configuration(settings).get());
        } catch (RuntimeException e) {
            throw new IOException(settings.describe() + ": cannot set up the connection pool: " + e.getMessage(), e);
        }
        PostgresStore store = new PostgresStore(settings, pool);
        try (Connection c = store.connection()) {
            PostgresSchema.create(c);
        } catch (SQLException e) {
            store.close();
            throw store.failure("cannot create the scorer's tables", e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static AgroalDataSourceConfigurationSupplier configuration(PostgresSettings s) {
        Duration timeout = s.timeout();
        int seconds = (int) Math.max(1, timeout.toSeconds());
        return new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .initialSize(0)
                .minSize(0)
                .maxSize(s.maxConnections())
                .acquisitionTimeout(timeout)
                // A connection idle this long is checked before use; a broken one (SQLState 08...) is dropped.
                .idleValidationTimeout(Duration.ofSeconds(30))
                .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(seconds))
                .exceptionSorter(new PostgreSQLExceptionSorter())
                .reapTimeout(Duration.ofMinutes(5))
                .maxLifetime(Duration.ofMinutes(30))
                .connectionFactoryConfiguration(factory -> {
                    factory.jdbcUrl(s.jdbcUrl())
                            .connectionProviderClass(org.postgresql.Driver.class)
                            .autoCommit(true)
                            .loginTimeout(timeout)
                            // Driver defaults, which parameters in the URL override.
                            .jdbcProperty("connectTimeout", Integer.toString(seconds))
                            .jdbcProperty("socketTimeout", "300")
                            .jdbcProperty("tcpKeepAlive", "true")
                            .jdbcProperty("ApplicationName", "selfheal-scorer");
                    s.username().ifPresent(u -> factory.principal(new NamePrincipal(u)));
                    s.password().ifPresent(p -> factory.credential(new SimplePassword(p)));
                    return factory;
                }));
    }

    public PostgresBlobs blobs() {
        return new PostgresBlobs(this);
    }

    public PostgresLeases leases() {
        return new PostgresLeases(this);
    }

    /** Whether the database answers now, within the timeout. */
    public boolean reachable() {
        try (Connection c = connection()) {
            return c.isValid((int) Math.max(1, settings.timeout().toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** An SQLException as an IOException that says where and what (the driver's messages hold no password). */
    IOException failure(String what, SQLException e) {
        return new IOException(settings.describe() + ": " + what + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"), e);
    }

    public String describe() {
        return settings.describe() + " (tables " + PostgresSchema.BLOBS + ", " + PostgresSchema.LEASES + ")";
    }

    @Override
    public void close() {
        pool.close();
    }
}
