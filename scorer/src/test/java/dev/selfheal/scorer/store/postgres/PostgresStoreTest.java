package dev.selfheal.scorer.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.scorer.support.LogCapture;
import dev.selfheal.scorer.support.RequiresPostgres;
import dev.selfheal.scorer.support.TestPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresPostgres.class)
class PostgresStoreTest {

    private static final String SECRET = "s3cret-" + TestPostgres.uniquePrefix();

    /** Replicas starting at once on an empty schema: each creates or finds the tables, none fails. */
    @Test
    void replicasStartingTogetherCreateTheTablesOnce() throws Exception {
        String schema = "scorer_ddl_" + TestPostgres.uniquePrefix();
        TestPostgres.execute("CREATE SCHEMA " + schema);
        String url = TestPostgres.URL + "?currentSchema=" + schema;
        int replicas = 4;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        List<PostgresStore> opened = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PostgresStore>> starts = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                starts.add(pool.submit(() -> {
                    start.await();
                    return PostgresStore.open(TestPostgres.settings(url));
                }));
            }
            start.countDown();
            for (Future<PostgresStore> f : starts) {
                opened.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(tables(schema)).containsExactlyInAnyOrder("scorer_blobs", "scorer_leases");
            assertThat(opened.get(0).blobs().putIfNewer("s", "state", 1, new byte[] {0, 0, 0, 0, 0, 0, 0, 1})).isTrue();
            assertThat(opened.get(1).blobs().get("s", "state")).isPresent();
            assertThat(opened.get(2).leases().acquire("k", "a", Duration.ofMinutes(1))).isTrue();
            assertThat(opened.get(3).leases().acquire("k", "b", Duration.ofMinutes(1))).isFalse();
        } finally {
            opened.forEach(PostgresStore::close);
            pool.shutdownNow();
            TestPostgres.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static List<String> tables(String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, "");
                ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    @Test
    void describesWhereWithoutThePassword() {
        PostgresSettings settings = new PostgresSettings(TestPostgres.URL + "?password=" + SECRET + "&ssl=false",
                Optional.of("scorer"), Optional.of(SECRET), 2, Duration.ofSeconds(1));
        assertThat(settings.describe()).isEqualTo("PostgreSQL 127.0.0.1:5432/test as scorer");
        assertThat(settings.toString()).doesNotContain(SECRET).contains("password set");
    }

    @Test
    void anUnreachableDatabaseIsAnIOExceptionWithoutThePassword() {
        PostgresSettings settings = new PostgresSettings("jdbc:postgresql://127.0.0.1:1/test?password=" + SECRET,
                Optional.of("scorer"), Optional.of(SECRET), 1, Duration.ofSeconds(1));
        try (LogCapture log = LogCapture.open()) {
            assertThatThrownBy(() -> PostgresStore.open(settings)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("PostgreSQL 127.0.0.1:1/test as scorer: cannot create the scorer's tables")
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET));
            assertThat(log.lines()).noneMatch(l -> l.contains(SECRET));
        }
    }

    /** Leases throw nothing: a database gone answers "not yours", and says why in the log, without the password. */
    @Test
    void leasesOnALostDatabaseAreRefusedAndLogged() throws IOException {
        PostgresStore store = PostgresStore.open(new PostgresSettings(TestPostgres.URL, Optional.of(TestPostgres.USER),
                Optional.of(SECRET), 1, Duration.ofSeconds(1)));
        PostgresLeases leases = store.leases();
        PostgresBlobs blobs = store.blobs();
        assertThat(blobs.reachable()).isTrue();
        store.close();
        try (LogCapture log = LogCapture.open()) {
            assertThat(leases.acquire("k-" + SECRET.length(), "a", Duration.ofMinutes(1))).isFalse();
            leases.release("k", "a");
            assertThat(blobs.reachable()).isFalse();
            assertThatThrownBy(() -> blobs.get("s", "state")).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot read blob s/state")
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET));
            assertThat(log.lines()).anyMatch(l -> l.contains("not taken for a")).noneMatch(l -> l.contains(SECRET));
        }
    }

    private static String stackText(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            s.append(t).append('\n');
        }
        return s.toString();
    }
}
