package dev.selfheal.scorer.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Opens the store at start (with PostgreSQL: connects and creates the tables, or the scorer does
 * not start) and says which one it is.
 */
@ApplicationScoped
public class StoreStartup {

    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    void onStart(@Observes StartupEvent event, Blobs blobs, Leases leases, Replica replica, StoreConfig config) {
        LOG.infof("scorer store: %s; leases %s (ttl %s); replica %s", blobs.describe(),
                leases instanceof LocalLeases ? "in this process" : "in the same database", config.leaseTtl(),
                replica.name());
    }
}
