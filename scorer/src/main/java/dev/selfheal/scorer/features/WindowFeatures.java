package dev.selfheal.scorer.features;

import java.util.List;

/**
 * The Isolation Forest's view of a point: features of the scaled series ending at index t, from
 * the {@value #LOOKBACK} points before it. The order is part of a saved model's metadata.
 */
public final class WindowFeatures {

    public static final int LOOKBACK = 16;
    private static final int SHORT = 4;
    private static final int SPREAD = 8;

    public static final int LEVEL = 0;
    public static final int SPREAD_RATIO = 3;

    public static final List<String> NAMES = List.of(
            "level", "delta", "shortMeanShift", "spreadRatio");

    private WindowFeatures() {
    }

    /** Features at t; requires t >= LOOKBACK. */
    public static double[] at(double[] scaled, int t) {
        double level = clip(scaled[t]);
        double delta = clip(scaled[t] - scaled[t - 1]);
        double shortMean = mean(scaled, t - SHORT + 1, t + 1);
        double longMean = mean(scaled, t - LOOKBACK, t - SHORT + 1);
        double spreadNow = std(scaled, t - SPREAD + 1, t + 1);
        double spreadBefore = std(scaled, t - LOOKBACK, t - SPREAD + 1);
        double spreadRatio = Math.log((spreadNow + 0.05) / (spreadBefore + 0.05));
        return new double[] {level, delta, clip(shortMean - longMean), spreadRatio};
    }

    /** Features for every t from LOOKBACK to the end. */
    public static double[][] all(double[] scaled) {
        int n = Math.max(0, scaled.length - LOOKBACK);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = at(scaled, i + LOOKBACK);
        }
        return rows;
    }

    private static double clip(double v) {
        return Math.max(-50, Math.min(50, v));
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    private static double std(double[] x, int from, int to) {
        double m = mean(x, from, to);
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (x[i] - m) * (x[i] - m);
        }
        return Math.sqrt(s / (to - from));
    }
}
