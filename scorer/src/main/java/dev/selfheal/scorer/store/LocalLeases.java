package dev.selfheal.scorer.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Leases within one process: the single scorer on its file store. */
public final class LocalLeases implements Leases {

    private record Held(String holder, long until) {
    }

    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public LocalLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean acquire(String key, String holder, Duration ttl) {
        long now = clock.millis();
        Held after = held.compute(key, (k, h) -> h == null || h.holder().equals(holder) || h.until() <= now
                ? new Held(holder, now + ttl.toMillis()) : h);
        return after.holder().equals(holder);
    }

    @Override
    public void release(String key, String holder) {
        held.computeIfPresent(key, (k, h) -> h.holder().equals(holder) ? null : h);
    }
}
