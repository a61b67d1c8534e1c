package dev.selfheal.receiver.backtest;

import java.time.Instant;
import java.util.Map;

/**
 * One alert occurrence, as the receiver would see it: one episode.
 *
 * @param labels     the alert's labels (with {@code alertname})
 * @param firedAt    when it started firing (when Alertmanager would send the webhook)
 * @param resolvedAt when it stopped firing; null while it still fired at the end of the range
 */
record AlertOccurrence(Map<String, String> labels, Instant firedAt, Instant resolvedAt) {

    /** Whether the alert still fired at {@code t}. */
    boolean firingAt(Instant t) {
        return resolvedAt == null || resolvedAt.isAfter(t);
    }
}
