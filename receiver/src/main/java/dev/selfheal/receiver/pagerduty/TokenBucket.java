package dev.selfheal.receiver.pagerduty;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket's state: {@code perMinute} events a minute, with bursts up to the same number.
 * Pure: {@link SharedRateLimit} keeps it in the store so that every replica draws on one bucket.
 */
record TokenBucket(double tokens, Instant refilledAt) {

    /** A full bucket. */
    static TokenBucket full(int perMinute, Instant now) {
        return new TokenBucket(perMinute, now);
    }

    /** The bucket at {@code now}: refilled for the time since, never over {@code perMinute}, never back in time. */
    TokenBucket refill(Instant now, int perMinute) {
        Duration elapsed = now.isAfter(refilledAt) ? Duration.between(refilledAt, now) : Duration.ZERO;
        double added = (elapsed.getSeconds() * 1e9 + elapsed.getNano()) * perMinute / 60e9;
        return new TokenBucket(Math.min(perMinute, tokens + added), now.isAfter(refilledAt) ? now : refilledAt);
    }

    boolean hasToken() {
        return tokens >= 1;
    }

    TokenBucket take() {
        return new TokenBucket(tokens - 1, refilledAt);
    }
}
