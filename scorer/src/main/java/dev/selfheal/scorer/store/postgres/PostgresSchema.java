package dev.selfheal.scorer.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The scorer's tables, beside the receiver's (prefixed {@code scorer_}); no Flyway in the scorer,
 * so {@code CREATE ... IF NOT EXISTS} at start.
 */
final class PostgresSchema {

    static final String BLOBS = "scorer_blobs";
    static final String LEASES = "scorer_leases";

    /**
     * Taken around the DDL: two replicas running {@code CREATE TABLE IF NOT EXISTS} at once can fail
     * with "relation already exists" or a unique violation on {@code pg_type}: the existence check and
     * the creation are not atomic
     * (https://postgresql.org/message-id/CAKU4AWpGFMgp3zF-8TUkpydPZ5kJcY-yWcdN92mwRnSbJW2zhQ%40mail.gmail.com).
     * Any constant of the scorer's own; the receiver's Flyway uses its own lock.
     */
    static final long DDL_LOCK = 0x5ec0_4e5c_0be5_0001L;

    static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS " + BLOBS + " ("
                + " series text NOT NULL,"
                + " name text NOT NULL,"
                + " generation bigint,"
                + " data bytea NOT NULL,"
                + " updated_at timestamptz NOT NULL DEFAULT now(),"
                + " PRIMARY KEY (series, name))",
        "CREATE INDEX IF NOT EXISTS " + BLOBS + "_name ON " + BLOBS + " (name)",
        "CREATE TABLE IF NOT EXISTS " + LEASES + " ("
                + " key text PRIMARY KEY,"
                + " holder text NOT NULL,"
                + " expires_at timestamptz NOT NULL)",
    };

    private PostgresSchema() {
    }

    /**
     * Creates the tables when missing, one replica at a time. Tables that exist already (created by
     * another replica, or by a DBA for a user without CREATE on the schema) are left as they are.
     */
    static void create(Connection c) throws SQLException {
        if (exist(c)) {
            return;
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean exist(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL")) {
            ps.setString(1, BLOBS);
            ps.setString(2, BLOBS + "_name");
            ps.setString(3, LEASES);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
