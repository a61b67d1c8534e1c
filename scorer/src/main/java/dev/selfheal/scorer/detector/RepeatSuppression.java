package dev.selfheal.scorer.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import java.util.ArrayDeque;

/**
 * The streaming harness's final step: a score counts only when it is higher than every score of
 * the previous {@code window} rows; otherwise it is 0. An incident that keeps producing novel
 * but smaller peaks is then reported once, as an alert stays up rather than firing again, and
 * a stronger new peak still gets through.
 */
final class RepeatSuppression {

    static final int WINDOW = 50;

    private final int window;
    /** Candidates for the window's maximum: indices increasing, scores decreasing. */
    private final ArrayDeque<Point> maxima = new ArrayDeque<>();
    private long index;

    private record Point(long index, double score) {
    }

    RepeatSuppression(int window) {
        this.window = window;
    }

    RepeatSuppression() {
        this(WINDOW);
    }

    double next(double score) {
        long t = index++;
        while (!maxima.isEmpty() && maxima.peekFirst().index() < t - window) {
            maxima.pollFirst();
        }
        double out = !maxima.isEmpty() && maxima.peekFirst().score() >= score ? 0 : score;
        while (!maxima.isEmpty() && maxima.peekLast().score() <= score) {
            maxima.pollLast();
        }
        maxima.addLast(new Point(t, score));
        return out;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(index);
        out.writeInt(maxima.size());
        for (Point p : maxima) {
            out.writeLong(p.index());
            out.writeDouble(p.score());
        }
    }

    void read(DataInput in) throws IOException {
        index = in.readLong();
        maxima.clear();
        int n = in.readInt();
        if (n < 0 || n > window + 1) {
            throw new IOException("a repeat-suppression state of " + n + " candidates");
        }
        for (int i = 0; i < n; i++) {
            maxima.addLast(new Point(in.readLong(), in.readDouble()));
        }
    }
}
