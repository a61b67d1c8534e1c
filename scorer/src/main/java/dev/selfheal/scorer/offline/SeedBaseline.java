package dev.selfheal.scorer.offline;

import dev.selfheal.scorer.forest.IsolationForestModel;

/**
 * The seed project's detector, kept as the baseline: an Isolation Forest (100 trees,
 * contamination 0.05) refit on the last {@value #WINDOW} values at every step, scoring the current
 * value. The contamination only sets the forest's own cut-off; NAB chooses its threshold over the
 * continuous score, so the score is written as it is.
 */
public final class SeedBaseline implements Detector {

    static final int WINDOW = 200;
    private static final int TREES = 100;

    @Override
    public double[] score(double[] raw) {
        double[] values = forwardFilled(raw);
        double[] scores = new double[values.length];
        double[][] rows = new double[WINDOW][];
        for (int t = 0; t < values.length; t++) {
            int from = Math.max(0, t - WINDOW);
            int count = t - from;
            if (count < 10) {
                continue;
            }
            double[][] window = count == WINDOW ? rows : new double[count][];
            for (int i = 0; i < count; i++) {
                window[i] = new double[] {values[from + i]};
            }
            IsolationForestModel forest = IsolationForestModel.fit(window, TREES, 256, t);
            scores[t] = forest.score(new double[] {values[t]});
        }
        return scores;
    }

    /** NaN and ±Inf rows take the last finite value (0 before any). */
    static double[] forwardFilled(double[] raw) {
        double[] out = new double[raw.length];
        double last = 0;
        for (int i = 0; i < raw.length; i++) {
            if (Double.isFinite(raw[i])) {
                last = raw[i];
            }
            out[i] = last;
        }
        return out;
    }
}
