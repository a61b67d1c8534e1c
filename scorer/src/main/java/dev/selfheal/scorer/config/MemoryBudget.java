package dev.selfheal.scorer.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SELFHEAL_SCORER_MEMORY_BUDGET}: the bytes resident series may hold, as {@code 512m},
 * {@code 2g}, {@code 300k} or plain bytes. Unset: half of the heap's maximum ({@code -Xmx}, which the
 * chart derives from the container's memory limit): series live on the heap, their models too
 * (the LSTM's weights are read out of the engine once trained).
 */
public final class MemoryBudget {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kmgt]?)i?b?");
    /** Below this a budget could not hold one series. */
    static final long MIN_BYTES = 1L << 20;

    private MemoryBudget() {
    }

    public static long bytes(Optional<String> configured, long maxHeap) {
        if (configured.isEmpty() || configured.get().isBlank()) {
            return Math.max(MIN_BYTES, maxHeap / 2);
        }
        return parse(configured.get());
    }

    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_MEMORY_BUDGET must be a size such as 512m or 2g, not '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long bytes = n << shift;
        if (bytes >>> shift != n || bytes < MIN_BYTES) {
            throw new IllegalArgumentException("SELFHEAL_SCORER_MEMORY_BUDGET must be at least 1m, not '" + text + "'");
        }
        return bytes;
    }
}
