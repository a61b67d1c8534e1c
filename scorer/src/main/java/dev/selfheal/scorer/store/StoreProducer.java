package dev.selfheal.scorer.store;

import dev.selfheal.scorer.store.postgres.PostgresSettings;
import dev.selfheal.scorer.store.postgres.PostgresStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The store's beans: one {@link Blobs}, one {@link Leases} and this {@link Replica}. Files under
 * {@code selfheal.model-dir} and in-process leases by default (the single scorer); the PostgreSQL
 * pair, sharing one small pool, when {@code SELFHEAL_SCORER_STORE_JDBC_URL} is set.
 */
@ApplicationScoped
public class StoreProducer {

    private final StoreConfig config;
    private final String modelDir;
    private final Clock clock;
    private PostgresStore postgres;

    public StoreProducer(StoreConfig config, @ConfigProperty(name = "selfheal.model-dir") String modelDir,
            Clock clock) {
        this.config = config;
        this.modelDir = modelDir;
        this.clock = clock;
    }

    @Produces
    @Singleton
    Blobs blobs() {
        return config.jdbcUrl().isPresent() ? postgres().blobs() : new FileBlobs(Path.of(modelDir));
    }

    @Produces
    @Singleton
    Leases leases() {
        return config.jdbcUrl().isPresent() ? postgres().leases() : new LocalLeases(clock);
    }

    @Produces
    @Singleton
    Replica replica(ReplicaConfig replica) {
        return Replica.of(replica.scorerReplica());
    }

    private synchronized PostgresStore postgres() {
        if (postgres == null) {
            PostgresSettings settings = settings(config);
            try {
                postgres = PostgresStore.open(settings);
            } catch (IOException e) {
                throw new IllegalStateException("the scorer store (SELFHEAL_SCORER_STORE_JDBC_URL) cannot be used: "
                        + e.getMessage(), e);
            }
        }
        return postgres;
    }

    /** The PostgreSQL settings of a configuration with a URL; the password from its value or its file. */
    static PostgresSettings settings(StoreConfig config) {
        if (config.leaseTtl().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_STORE_LEASE_TTL is at least 1s, got "
                    + config.leaseTtl());
        }
        if (config.password().isPresent() && config.passwordFile().isPresent()) {
            throw new IllegalArgumentException("set SELFHEAL_SCORER_STORE_PASSWORD or "
                    + "SELFHEAL_SCORER_STORE_PASSWORD_FILE, not both");
        }
        Optional<String> password = config.password();
        if (config.passwordFile().isPresent()) {
            Path file = config.passwordFile().get();
            try {
                password = Optional.of(Files.readString(file).strip()).filter(p -> !p.isEmpty());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read SELFHEAL_SCORER_STORE_PASSWORD_FILE " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return new PostgresSettings(config.jdbcUrl().orElseThrow(), config.username(), password,
                config.maxConnections(), config.timeout());
    }

    @PreDestroy
    synchronized void close() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
