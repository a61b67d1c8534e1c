package dev.selfheal.scorer.store;

import dev.selfheal.scorer.store.postgres.PostgresBlobs;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Down while the PostgreSQL store does not answer; the file store is always up. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final Blobs blobs;

    public StoreReadiness(Blobs blobs) {
        this.blobs = blobs;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = !(blobs instanceof PostgresBlobs pg) || pg.reachable();
        return HealthCheckResponse.named("store").status(up).withData("store", blobs.describe()).build();
    }
}
