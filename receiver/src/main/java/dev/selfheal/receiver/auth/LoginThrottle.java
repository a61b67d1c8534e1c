package dev.selfheal.receiver.auth;

import dev.selfheal.receiver.config.ReceiverConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per account: {@code loginFailuresPerMinute} (at least 5) failures within a minute
 * are answered normally; after them the account is refused (429) without checking the password
 * until the oldest failure is a minute old. Per process: with several replicas an attacker gets
 * that many per replica.
 */
@ApplicationScoped
public class LoginThrottle {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ACCOUNTS = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @Inject
    public LoginThrottle(ReceiverConfig config, Clock clock) {
        this(config.console().loginFailuresPerMinute(), clock);
    }

    LoginThrottle(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** How long the account must wait before it may try again; zero when it may try now. */
    public Duration retryAfter(String account) {
        Deque<Instant> recent = failures.get(key(account));
        if (recent == null) {
            return Duration.ZERO;
        }
        synchronized (recent) {
            Instant now = clock.instant();
            prune(recent, now);
            return recent.size() < limit ? Duration.ZERO : Duration.between(now, recent.peekFirst().plus(WINDOW));
        }
    }

    public void failed(String account) {
        if (failures.size() > MAX_ACCOUNTS) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), clock.instant());
                    return e.getValue().isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(key(account), k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
        }
    }

    public void succeeded(String account) {
        failures.remove(key(account));
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
            recent.removeFirst();
        }
    }

    private static String key(String account) {
        return account.toLowerCase(Locale.ROOT);
    }

    /** An account name as it may appear in a log line: printable, bounded (it comes from the caller). */
    public static String printable(String account) {
        String cleaned = account.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
    }
}
