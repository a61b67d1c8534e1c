package dev.selfheal.receiver.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Runs a unit of work in one JDBC transaction, and runs it again when the database reports a
 * transient conflict (deadlock, serialization failure, lock timeout) that another try resolves.
 * Any other failure becomes {@link StoreUnavailableException}.
 */
@ApplicationScoped
public class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    private static final int ATTEMPTS = 5;
    /** PostgreSQL 40001/40P01, H2 lock timeout (HYT00) and concurrent update (90131). */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "90131");

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public Transactions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection);
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                last = e;
                if (!isTransient(e)) {
                    break;
                }
                LOG.debugf("transient conflict (%s), attempt %d of %d", e.getSQLState(), attempt, ATTEMPTS);
                pause(attempt);
            }
        }
        throw new StoreUnavailableException("the store did not commit: " + last.getMessage(), last);
    }

    /** A unique-key violation, also when it comes wrapped in a batch failure. */
    public static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                SQLException next = sql.getNextException();
                if (next != null && next != sql && "23505".equals(next.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && TRANSIENT.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt + (long) (Math.random() * 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
