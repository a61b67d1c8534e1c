package dev.selfheal.receiver.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time given by a user (the backtest's --from/--to, the shadow report's {@code since}): RFC 3339
 * ({@code 2026-11-28T22:40:00Z}), {@code now}, or a time before now ({@code -7d}, or {@code 7d}).
 */
public final class TimeArg {

    private static final Pattern RELATIVE = Pattern.compile("-?(\\d{1,9})(s|m|h|d|w)");

    private TimeArg() {
    }

    public static Instant parse(String text, Instant now) {
        if (text.equals("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: give RFC 3339 (2026-11-28T22:40:00Z), "
                    + "now, or a time before now like -7d, -36h, -90m");
        }
    }
}
