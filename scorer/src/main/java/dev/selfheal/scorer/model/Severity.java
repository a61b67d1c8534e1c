package dev.selfheal.scorer.model;

/**
 * Turns component deviations into one score in [0, 1] that means the same on every metric:
 * each deviation is divided by its calibrated threshold (v = 1 at the threshold), and
 * score = 1 - 2^-(sum of v²). One component at its threshold gives 0.5; two at 0.71 each too.
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
        double sum = 0;
        for (double v : ratios) {
            if (Double.isFinite(v)) {
                sum += v * v;
            } else {
                sum = Double.POSITIVE_INFINITY;
            }
        }
        return 1 - Math.pow(2, -sum);
    }
}
