package dev.selfheal.scorer.support;

import java.util.Random;

/** Seeded synthetic metrics: a daily-like seasonal wave with noise, and anomalies injected into it. */
public final class Synthetic {

    public static final int PERIOD = 96;
    public static final double NOISE = 0.2;

    private Synthetic() {
    }

    public static double[] seasonal(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int t = 0; t < n; t++) {
            values[t] = 10 + 2 * Math.sin(2 * Math.PI * t / PERIOD) + NOISE * random.nextGaussian();
        }
        return values;
    }

    public enum Anomaly { SPIKE, LEVEL_SHIFT, VARIANCE_CHANGE, FLATLINE, SLOW_DRIFT }

    /** A copy with the anomaly injected from index {@code at} on. */
    public static double[] inject(double[] clean, Anomaly anomaly, int at, long seed) {
        double[] values = clean.clone();
        Random random = new Random(seed);
        for (int t = at; t < values.length; t++) {
            int k = t - at;
            switch (anomaly) {
                case SPIKE -> values[t] += k == 0 ? 3.0 : 0;
                case LEVEL_SHIFT -> values[t] += 3.0;
                case VARIANCE_CHANGE -> values[t] += 8 * NOISE * random.nextGaussian();
                case FLATLINE -> values[t] = values[at];
                case SLOW_DRIFT -> values[t] += 0.03 * k;
            }
        }
        return values;
    }
}
