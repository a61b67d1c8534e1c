package dev.selfheal.scorer.support;

import dev.selfheal.scorer.store.postgres.PostgresSettings;
import dev.selfheal.scorer.store.postgres.PostgresStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The real PostgreSQL of the tests (database {@code test}, trust auth), as the receiver's tests
 * reach it. Tests share its tables and keep apart by a random prefix on their keys.
 */
public final class TestPostgres {

    public static final String URL = "jdbc:postgresql://" + RequiresPostgres.HOST + ":" + RequiresPostgres.PORT + "/test";
    public static final String USER = "postgres";

    private TestPostgres() {
    }

    public static PostgresSettings settings(String url) {
        return new PostgresSettings(url, Optional.of(USER), Optional.empty(), 4, Duration.ofSeconds(5));
    }

    public static PostgresStore open() throws IOException {
        return PostgresStore.open(settings(URL));
    }

    /** A prefix no other run uses: letters and digits, as series and lease keys allow. */
    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Runs plain SQL (test setup and cleanup: schemas of its own). */
    public static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
