package dev.selfheal.scorer.model;

/** Finite history values, oldest first, with their times (epoch seconds). */
public record TrainingData(double[] values, long[] timestamps) {

    /** Keeps only the finite points: NaN and ±Inf are gaps, not values to learn. */
    public static TrainingData finite(double[] timestamps, double[] values) {
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
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
