package dev.selfheal.scorer.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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

    static final int WINDOW = 400;
    static final double TAU = 4;
    /** Rows after a restart that only fill the window (a score against a near-empty window means nothing). */
    static final int WARM_UP = 50;

    private final int window;
    private final double tau;
    /** Candidates for the window's maximum: indices increasing, evidence decreasing. */
    private final ArrayDeque<Point> maxima = new ArrayDeque<>();
    private long index;
    private long warmUntil;

    private record Point(long index, double evidence) {
    }

    NoveltyFilter(int window, double tau) {
        this.window = window;
        this.tau = tau;
    }

    NoveltyFilter() {
        this(WINDOW, TAU);
    }

    /**
     * Forgets the evidence seen so far, when what produces it changes scale: the median/MAD
     * fallback's ratios (noisy over the first rows of a series) are not comparable to a trained
     * model's calibrated ones, and an early fallback extreme would otherwise mute the model's
     * first {@code window} rows. The next {@value #WARM_UP} rows only refill the window.
     */
    void restart() {
        maxima.clear();
        warmUntil = index + WARM_UP;
    }

    /** The novelty score in [0, 1) of the next row's evidence. */
    double next(double evidence) {
        long t = index++;
        while (!maxima.isEmpty() && maxima.peekFirst().index() <= t - window) {
            maxima.pollFirst();
        }
        double score = 0;
        if (!maxima.isEmpty() && t >= warmUntil) {
            double r = evidence / (maxima.peekFirst().evidence() + 1e-9);
            double novelty = r * r * evidence / (evidence + tau);
            score = novelty / (1 + novelty);
        }
        while (!maxima.isEmpty() && maxima.peekLast().evidence() <= evidence) {
            maxima.pollLast();
        }
        maxima.addLast(new Point(t, evidence));
        return score;
    }

    /** Writes what {@link #next} depends on (the window's candidates, the position, the warm-up). */
    void write(DataOutput out) throws IOException {
        out.writeLong(index);
        out.writeLong(warmUntil);
        out.writeInt(maxima.size());
        for (Point p : maxima) {
            out.writeLong(p.index());
            out.writeDouble(p.evidence());
        }
    }

    void read(DataInput in) throws IOException {
        index = in.readLong();
        warmUntil = in.readLong();
        maxima.clear();
        int n = in.readInt();
        if (n < 0 || n > window) {
            throw new IOException("a novelty state of " + n + " candidates");
        }
        for (int i = 0; i < n; i++) {
            maxima.addLast(new Point(in.readLong(), in.readDouble()));
        }
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
