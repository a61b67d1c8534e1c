package dev.selfheal.receiver.pagerduty;

import java.time.Clock;

/** A token bucket: {@code perMinute} events a minute, with bursts up to the same number. */
final class TokenBucket {

    private final Clock clock;
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int perMinute, Clock clock) {
        this.clock = clock;
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.tokens = perMinute;
        this.lastNanos = nanos();
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    synchronized boolean tryAcquire() {
        long now = nanos();
        tokens = Math.min(capacity, tokens + Math.max(0, now - lastNanos) * perNano);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
