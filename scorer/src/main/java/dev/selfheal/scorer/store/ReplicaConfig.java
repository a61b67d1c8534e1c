package dev.selfheal.scorer.store;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * This replica's name, a key of the {@code selfheal} root (not of {@code selfheal.scorer-store}) as
 * the chart sets it; a mapping of its own beside {@code ScorerConfig}, so that the key is known.
 */
@ConfigMapping(prefix = "selfheal")
public interface ReplicaConfig {

    /**
     * The holder name of this replica's leases ({@code SELFHEAL_SCORER_REPLICA}, the pod's name in
     * the chart); unset: host name and process id. Replicas must not share one.
     */
    Optional<String> scorerReplica();
}
