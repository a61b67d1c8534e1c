package dev.selfheal.scorer.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the scorer's store is: files under {@code SELFHEAL_MODEL_DIR} (one replica) unless a
 * PostgreSQL URL is set (several replicas share it). The replica's own name is
 * {@code SELFHEAL_SCORER_REPLICA} ({@link ReplicaConfig}).
 */
@ConfigMapping(prefix = "selfheal.scorer-store")
public interface StoreConfig {

    /**
     * The PostgreSQL database shared by the replicas ({@code SELFHEAL_SCORER_STORE_JDBC_URL}, e.g.
     * {@code jdbc:postgresql://postgres:5432/selfheal}); unset or empty: files. Its tables are
     * created at start ({@code scorer_blobs}, {@code scorer_leases}).
     */
    Optional<@Pattern(regexp = "jdbc:postgresql:.+", message = "must start with jdbc:postgresql:") String> jdbcUrl();

    /** The database user ({@code SELFHEAL_SCORER_STORE_USERNAME}). */
    Optional<String> username();

    /** Its password ({@code SELFHEAL_SCORER_STORE_PASSWORD}); or the next key, not both. */
    Optional<String> password();

    /** A file holding the password ({@code SELFHEAL_SCORER_STORE_PASSWORD_FILE}), read at start. */
    Optional<Path> passwordFile();

    /** Most connections one replica opens ({@code SELFHEAL_SCORER_STORE_MAX_CONNECTIONS}). */
    @WithDefault("4")
    @Min(1)
    @Max(32)
    int maxConnections();

    /** Longest wait to connect or for a free connection ({@code SELFHEAL_SCORER_STORE_TIMEOUT}). */
    @WithDefault("10s")
    Duration timeout();

    /**
     * How long a replica holds a piece of work (one series' training) before another may take it
     * over, unless it renews it ({@code SELFHEAL_SCORER_STORE_LEASE_TTL}).
     */
    @WithDefault("2m")
    Duration leaseTtl();
}
