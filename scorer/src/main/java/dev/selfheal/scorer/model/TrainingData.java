package dev.selfheal.scorer.model;

/** Finite history values, oldest first, with their times (epoch seconds). */
public record TrainingData(double[] values, long[] timestamps) {

    /** How many of the values are finite (what {@link #finite} would keep), without copying them. */
    public static int countFinite(double[] values) {
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        return n;
    }

    /** Keeps only the finite points: NaN and ±Inf are gaps, not values to learn. */
    public static TrainingData finite(double[] timestamps, double[] values) {
        int n = countFinite(values);
        double[] vs = new double[n];
        long[] ts = new long[n];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                vs[j] = values[i];
                ts[j++] = (long) timestamps[i];
            }
        }
        return new TrainingData(vs, ts);
    }
}
