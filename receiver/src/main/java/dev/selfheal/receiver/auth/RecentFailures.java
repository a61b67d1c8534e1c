package dev.selfheal.receiver.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's own count of failed logins per account key, kept beside the store's: what
 * {@link LoginThrottle} decides with while the store cannot answer. Bounded: past
 * {@value #MAX_ACCOUNTS} accounts, those with no failure in the last minute are dropped.
 */
final class RecentFailures {

    private static final int MAX_ACCOUNTS = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    RecentFailures(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    Duration retryAfter(String key) {
        Deque<Instant> recent = failures.get(key);
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            Instant now = clock.instant();
            prune(recent, now);
            return LoginThrottle.wait(List.copyOf(recent), limit, now);
        }
    }

    void failed(String key) {
        if (failures.size() > MAX_ACCOUNTS) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), clock.instant());
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
        }
    }

    void succeeded(String key) {
        failures.remove(key);
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(LoginThrottle.WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
    }
}
