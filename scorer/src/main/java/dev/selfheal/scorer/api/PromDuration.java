package dev.selfheal.scorer.api;

import java.time.Duration;

/**
 * Prometheus' duration syntax: "15s", "30m", "1h30m", "500ms", "2d", "1w". Parsed by hand: every
 * score request carries two, and a regular expression per field was the hot path's largest
 * allocation after the window.
 */
public final class PromDuration {

    private PromDuration() {
    }

    public static Duration parse(String text, String field) {
        long millis = text == null || text.isEmpty() ? -1 : millis(text);
        if (millis < 0) {
            throw new ApiException(400, "invalid_request", field + " must be a Prometheus duration such as 15s, 30m or 1h30m");
        }
        if (millis == 0) {
            throw new ApiException(400, "invalid_request", field + " must be longer than zero");
        }
        return Duration.ofMillis(millis);
    }

    /** The duration in milliseconds, or -1 when the text is not one (or overflows). */
    private static long millis(String text) {
        long total = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int digits = i;
            long number = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                number = number * 10 + (text.charAt(i++) - '0');
                if (number > 1_000_000_000_000L) {
                    return -1;
                }
            }
            if (i == digits || i == n) {
                return -1;
            }
            long unit;
            char c = text.charAt(i++);
            if (c == 'm' && i < n && text.charAt(i) == 's') {
                i++;
                unit = 1;
            } else {
                unit = switch (c) {
                    case 's' -> 1_000L;
                    case 'm' -> 60_000L;
                    case 'h' -> 3_600_000L;
                    case 'd' -> 86_400_000L;
                    case 'w' -> 7 * 86_400_000L;
                    case 'y' -> 365 * 86_400_000L;
                    default -> -1;
                };
                if (unit < 0) {
                    return -1;
                }
            }
            total += number * unit;
            if (total < 0) {
                return -1;
            }
        }
        return total;
    }

    /** Written back the same way: {@code 1d}, {@code 1h30m}, {@code 15s}, {@code 500ms}. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
