package dev.selfheal.scorer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.scorer.store.postgres.PostgresBlobs;
import dev.selfheal.scorer.store.postgres.PostgresLeases;
import dev.selfheal.scorer.support.RequiresPostgres;
import dev.selfheal.scorer.support.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which store the configuration selects (StoreWiringTest starts the scorer on PostgreSQL). */
class StoreProducerTest {

    @TempDir
    Path dir;

    record Config(Optional<String> jdbcUrl, Optional<String> username, Optional<String> password,
            Optional<Path> passwordFile, int maxConnections, Duration timeout, Duration leaseTtl) implements StoreConfig {

        static Config files() {
            return new Config(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 4,
                    Duration.ofSeconds(10), Duration.ofMinutes(2));
        }

        Config url(String url) {
            return new Config(Optional.of(url), Optional.of(TestPostgres.USER), password, passwordFile, maxConnections,
                    Duration.ofSeconds(5), leaseTtl);
        }

        Config password(Optional<String> value, Optional<Path> file) {
            return new Config(jdbcUrl, username, value, file, maxConnections, timeout, leaseTtl);
        }
    }

    @Test
    void withoutAUrlTheFilesUnderTheModelDirAndLeasesInProcess() {
        StoreProducer producer = new StoreProducer(Config.files(), dir.toString(), Clock.systemUTC());
        assertThat(producer.blobs()).isInstanceOfSatisfying(FileBlobs.class, b -> assertThat(b.root()).isEqualTo(dir));
        assertThat(producer.leases()).isInstanceOf(LocalLeases.class);
        producer.close();
    }

    @Test
    void withAUrlThePostgresPairOnOnePool() throws IOException {
        if (!RequiresPostgres.reachable()) {
            assertThat(System.getenv("SELFHEAL_REQUIRE_POSTGRES")).as("PostgreSQL required").isNotEqualTo("1");
            Assumptions.abort("PostgreSQL unreachable at " + TestPostgres.URL);
        }
        StoreProducer producer = new StoreProducer(Config.files().url(TestPostgres.URL), dir.toString(),
                Clock.systemUTC());
        try {
            Blobs blobs = producer.blobs();
            assertThat(blobs).isInstanceOf(PostgresBlobs.class);
            assertThat(blobs.describe()).startsWith("PostgreSQL 127.0.0.1:5432/test as postgres");
            assertThat(producer.leases()).isInstanceOf(PostgresLeases.class);
            assertThat(new StoreReadiness(blobs).call().getStatus().name()).isEqualTo("UP");
        } finally {
            producer.close();
        }
        assertThat(Files.list(dir)).as("nothing written to the model dir").isEmpty();
    }

    @Test
    void theReplicaIsNamedOrHostAndPid() {
        assertThat(Replica.of(Optional.of(" scorer-0 ")).name()).isEqualTo("scorer-0");
        assertThat(Replica.of(Optional.empty()).name()).endsWith(":" + ProcessHandle.current().pid());
        assertThat(Replica.of(Optional.of("  ")).name()).endsWith(":" + ProcessHandle.current().pid());
        assertThatThrownBy(() -> new Replica("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePasswordComesFromItsValueOrItsFileNotBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "from-file\n");
        Config base = Config.files().url(TestPostgres.URL);
        assertThat(StoreProducer.settings(base.password(Optional.of("value"), Optional.empty())).password())
                .contains("value");
        assertThat(StoreProducer.settings(base.password(Optional.empty(), Optional.of(file))).password())
                .contains("from-file");
        assertThatThrownBy(() -> StoreProducer.settings(base.password(Optional.of("value"), Optional.of(file))))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> StoreProducer.settings(base.password(Optional.empty(), Optional.of(dir.resolve("none")))))
                .hasMessageContaining("cannot read SELFHEAL_SCORER_STORE_PASSWORD_FILE");
        assertThatThrownBy(() -> StoreProducer.settings(Config.files().url("jdbc:h2:mem:x")))
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithWhereButNoPassword() {
        Config config = Config.files().url("jdbc:postgresql://127.0.0.1:1/test").password(Optional.of("hunter2"),
                Optional.empty());
        StoreProducer producer = new StoreProducer(config, dir.toString(), Clock.systemUTC());
        assertThatThrownBy(producer::blobs).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SELFHEAL_SCORER_STORE_JDBC_URL").hasMessageContaining("127.0.0.1:1/test")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
