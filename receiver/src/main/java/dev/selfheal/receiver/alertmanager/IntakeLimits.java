package dev.selfheal.receiver.alertmanager;

import java.time.Instant;

/**
 * What one alert may hold for the store to keep it exactly. Times are stored as epoch
 * nanoseconds in a signed 64-bit integer, so they must lie between {@link #EARLIEST} and
 * {@link #LATEST} (1677-09-21T00:12:44Z to 2262-04-11T23:47:16Z); labels are the episode's identity and are never
 * cut, so they have hard limits; annotations are descriptive and are truncated with a visible
 * marker instead.
 *
 * @param maxLabels           labels per alert
 * @param maxLabelName        characters in a label name
 * @param maxLabelValue       characters in a label value
 * @param maxAnnotationValue  characters kept of an annotation value (the rest is cut and marked)
 */
public record IntakeLimits(int maxLabels, int maxLabelName, int maxLabelValue, int maxAnnotationValue) {

    /** 1677-09-21T00:12:44Z, the first whole second an epoch-nanosecond {@code long} holds. */
    public static final Instant EARLIEST = Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000_000L);
    /** 2262-04-11T23:47:16.854775807Z, the last instant an epoch-nanosecond {@code long} holds. */
    public static final Instant LATEST = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L,
            Long.MAX_VALUE % 1_000_000_000L);

    /** The defaults documented in the README. */
    public static final IntakeLimits DEFAULTS = new IntakeLimits(128, 256, 8192, 16384);

    public IntakeLimits {
        if (maxLabels < 1 || maxLabelName < 1 || maxLabelValue < 1 || maxAnnotationValue < 64) {
            throw new IllegalArgumentException("intake limits must be positive (annotation values at least 64)");
        }
    }

    public static boolean storable(Instant time) {
        return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
    }
}
