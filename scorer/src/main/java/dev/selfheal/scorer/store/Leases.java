package dev.selfheal.scorer.store;

import java.time.Duration;

/**
 * Keeps one replica at a time on a piece of work (training one version of one series): a lease is
 * held until its holder releases it or its time runs out (a holder that died).
 */
public interface Leases {

    /** Takes the lease, or renews it when {@code holder} has it; false while another holder's lease runs. */
    boolean acquire(String key, String holder, Duration ttl);

    /** Gives the lease up, when {@code holder} has it. */
    void release(String key, String holder);
}
