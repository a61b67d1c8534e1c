package dev.selfheal.receiver.playbook;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Prometheus writes them ({@code 1h30m}, {@code 15s}, {@code 500ms}, {@code 2d},
 * {@code 1w}, {@code 1y}): read the same way for playbooks and for alerting rules.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private Durations() {
    }

    /** The duration the text writes; empty when it is not one (nothing, or anything besides number-unit parts). */
    public static Optional<Duration> parse(String text) {
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            at = m.end();
        }
        return at == 0 || at != text.length() ? Optional.empty() : Optional.of(total);
    }
}
