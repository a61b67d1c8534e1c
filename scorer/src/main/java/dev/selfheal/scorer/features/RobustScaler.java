package dev.selfheal.scorer.features;

import java.util.Arrays;

/**
 * Centres on the median and scales by the MAD (times 1.4826, the normal-consistent factor), so
 * one outlier in the history does not set the scale. Falls back to the mean absolute deviation,
 * then to 1, for series whose MAD is zero (flat or mostly constant metrics).
 */
public record RobustScaler(double median, double scale) {

    private static final double NORMAL_MAD = 1.4826;

    public static RobustScaler fit(double[] values) {
        if (values.length == 0) {
            return new RobustScaler(0, 1);
        }
        double median = median(values);
        double[] deviations = new double[values.length];
        double meanAbs = 0;
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
            meanAbs += deviations[i];
        }
        meanAbs /= values.length;
        double scale = NORMAL_MAD * median(deviations);
        if (!(scale > 0)) {
            scale = 1.2533 * meanAbs;
        }
        double floor = 1e-6 * Math.max(1.0, Math.abs(median));
        if (!(scale > floor)) {
            scale = Math.max(floor, 1e-9);
        }
        return new RobustScaler(median, scale);
    }

    public double apply(double value) {
        return (value - median) / scale;
    }

    public double invert(double scaled) {
        return scaled * scale + median;
    }

    public double[] apply(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = apply(values[i]);
        }
        return out;
    }

    public static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** Linear-interpolated quantile of a copy of the values. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
