package dev.selfheal.scorer.model;

/**
 * Turns component deviations into one score in [0, 1] that means the same on every metric:
 * each deviation is divided by its calibrated threshold (v = 1 at the threshold), and
 * score = 1 - 2^-(max v)². Any component at its threshold gives 0.5. The largest, not the sum:
 * the components look at the same point, so their deviations are correlated and adding them
 * would count one surprise twice.
 */
public final class Severity {

    private Severity() {
    }

    public static double ratio(double value, double base, double threshold) {
        double span = threshold - base;
        if (!(span > 0)) {
            return 0;
        }
        return Math.max(0, (value - base) / span);
    }

    public static double combine(double... ratios) {
        double max = 0;
        for (double v : ratios) {
            max = Double.isNaN(v) ? Double.POSITIVE_INFINITY : Math.max(max, v);
        }
        return 1 - Math.pow(2, -max * max);
    }
}
