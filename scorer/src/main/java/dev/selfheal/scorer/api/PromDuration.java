package dev.selfheal.scorer.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus' duration syntax: "15s", "30m", "1h30m", "500ms", "2d", "1w". */
public final class PromDuration {

    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|s|m|h|d|w|y))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private PromDuration() {
    }

    public static Duration parse(String text, String field) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new ApiException(400, "invalid_request", field + " must be a Prometheus duration such as 15s, 30m or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
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
        }
        if (total.isZero()) {
            throw new ApiException(400, "invalid_request", field + " must be longer than zero");
        }
        return total;
    }
}
