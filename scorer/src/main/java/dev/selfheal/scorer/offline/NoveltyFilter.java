package dev.selfheal.scorer.offline;

import java.util.ArrayDeque;

/**
 * The streaming harness's last stage: how new a row's evidence is. A point that is as unusual as
 * something already seen in the last {@code window} rows adds little; a new extreme stands out.
 * NAB rewards the first detection in an anomaly window and charges every further row over the
 * threshold, and a metric in an incident stays unusual for many rows: this turns a run of high
 * scores into one early peak.
 *
 * <p>novelty = r² · e / (e + τ), score = novelty / (1 + novelty), where e = (largest component
 * ratio)², r = e / (largest e in the window before it) and τ keeps tiny new extremes of a calm
 * series small. Tuned on the NAB development set only (docs in scorer/README.md).
 */
final class NoveltyFilter {

    static final int WINDOW = Integer.getInteger("selfheal.stream.novelty-window", 400);
    static final double TAU = Double.parseDouble(System.getProperty("selfheal.stream.novelty-tau", "4"));

    private final int window;
    private final double tau;
    private final ArrayDeque<long[]> maxima = new ArrayDeque<>();
    private final ArrayDeque<Double> values = new ArrayDeque<>();
    private long index;

    NoveltyFilter(int window, double tau) {
        this.window = window;
        this.tau = tau;
    }

    NoveltyFilter() {
        this(WINDOW, TAU);
    }

    /** The novelty score in [0, 1) of the next row's evidence. */
    double next(double evidence) {
        long t = index++;
        while (!maxima.isEmpty() && maxima.peekFirst()[0] <= t - window) {
            maxima.pollFirst();
            values.pollFirst();
        }
        double score = 0;
        if (!values.isEmpty()) {
            double r = evidence / (values.peekFirst() + 1e-9);
            double novelty = r * r * evidence / (evidence + tau);
            score = novelty / (1 + novelty);
        }
        while (!values.isEmpty() && values.peekLast() <= evidence) {
            values.pollLast();
            maxima.pollLast();
        }
        maxima.addLast(new long[] {t});
        values.addLast(evidence);
        return score;
    }

    /** e: the largest component ratio, squared (the exponent the service's score uses). */
    static double evidence(double... ratios) {
        double max = 0;
        for (double v : ratios) {
            max = Math.max(max, v);
        }
        return max * max;
    }
}
