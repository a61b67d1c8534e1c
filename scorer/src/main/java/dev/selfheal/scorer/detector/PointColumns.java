package dev.selfheal.scorer.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A series' points as a detector keeps them, in columns. Two spans: the <b>history</b> (time,
 * value and the per-point bits: 17 bytes a point), as long as training and the lasting-shift
 * check read back; and, for its newest points, the <b>answers</b> (score, ratio, forecast and
 * band as floats, component, model version, event start: 35 bytes a point), as long as requests
 * about the past are answered from what the detector said then. A column drops its oldest points
 * once it holds a sixteenth more than it keeps. Not thread-safe: its detector guards it.
 */
final class PointColumns {

    static final int ANOMALOUS = 1;
    static final int FLAGGED = 2;
    static final int POINT_OUTSIDE = 4;
    static final int OUTSIDE_NOW = 8;

    private final int historyKeep;
    private final int answersKeep;

    long[] ts = new long[64];
    double[] values = new double[64];
    byte[] flags = new byte[64];
    int size;

    private float[] scores = new float[64];
    private float[] ratios = new float[64];
    private float[] forecasts = new float[64];
    private float[] lows = new float[64];
    private float[] highs = new float[64];
    private byte[] components = new byte[64];
    private int[] versions = new int[64];
    private long[] eventStarts = new long[64];
    private int answers;

    PointColumns(int historyKeep, int answersKeep) {
        this.answersKeep = Math.max(1, answersKeep);
        this.historyKeep = Math.max(historyKeep, this.answersKeep);
    }

    /** The first history index with answers. */
    int firstAnswer() {
        return size - answers;
    }

    void append(long time, double value, int pointFlags, double score, double ratio, double forecast, double low,
                double high, Component component, int version, long eventStart) {
        // Trimmed at fixed counts (never by how the arrays grew), so a restored state trims as its original.
        if (size >= limit(historyKeep)) {
            dropHistory(size - historyKeep);
        }
        if (answers >= limit(answersKeep)) {
            dropAnswers(answers - answersKeep);
        }
        if (size == ts.length) {
            int capacity = Math.max(size + 1, Math.min(Math.max(64, 2 * size), limit(historyKeep)));
            ts = Arrays.copyOf(ts, capacity);
            values = Arrays.copyOf(values, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        if (answers == scores.length) {
            resizeAnswers(Math.max(answers + 1, Math.min(Math.max(64, 2 * answers), limit(answersKeep))));
        }
        ts[size] = time;
        values[size] = value;
        flags[size] = (byte) pointFlags;
        size++;
        int a = answers++;
        scores[a] = (float) score;
        ratios[a] = (float) ratio;
        forecasts[a] = (float) forecast;
        lows[a] = (float) low;
        highs[a] = (float) high;
        components[a] = (byte) component.ordinal();
        versions[a] = version;
        eventStarts[a] = eventStart;
    }

    /** A column holds up to a sixteenth more than it keeps before it drops its oldest. */
    private static int limit(int keep) {
        return keep + keep / 16;
    }

    private void dropHistory(int drop) {
        int keep = size - drop;
        System.arraycopy(ts, drop, ts, 0, keep);
        System.arraycopy(values, drop, values, 0, keep);
        System.arraycopy(flags, drop, flags, 0, keep);
        size = keep;
        if (answers > size) {
            dropAnswers(answers - size);
        }
    }

    private void dropAnswers(int drop) {
        int keep = answers - drop;
        System.arraycopy(scores, drop, scores, 0, keep);
        System.arraycopy(ratios, drop, ratios, 0, keep);
        System.arraycopy(forecasts, drop, forecasts, 0, keep);
        System.arraycopy(lows, drop, lows, 0, keep);
        System.arraycopy(highs, drop, highs, 0, keep);
        System.arraycopy(components, drop, components, 0, keep);
        System.arraycopy(versions, drop, versions, 0, keep);
        System.arraycopy(eventStarts, drop, eventStarts, 0, keep);
        answers = keep;
    }

    private void resizeAnswers(int capacity) {
        scores = Arrays.copyOf(scores, capacity);
        ratios = Arrays.copyOf(ratios, capacity);
        forecasts = Arrays.copyOf(forecasts, capacity);
        lows = Arrays.copyOf(lows, capacity);
        highs = Arrays.copyOf(highs, capacity);
        components = Arrays.copyOf(components, capacity);
        versions = Arrays.copyOf(versions, capacity);
        eventStarts = Arrays.copyOf(eventStarts, capacity);
    }

    /** The history index at or before {@code time}, or -1. */
    int indexAtOrBefore(long time) {
        int i = Arrays.binarySearch(ts, 0, size, time);
        return i >= 0 ? i : -i - 2;
    }

    boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    /** The answers of history index {@code i} (at least {@link #firstAnswer()}). */
    Point point(int i) {
        int a = i - firstAnswer();
        return new Point(ts[i], values[i], scores[a], has(i, ANOMALOUS), has(i, FLAGGED),
                Component.values()[components[a]], ratios[a], forecasts[a], lows[a], highs[a], versions[a],
                eventStarts[a], has(i, POINT_OUTSIDE), has(i, OUTSIDE_NOW));
    }

    int version(int i) {
        return versions[i - firstAnswer()];
    }

    double low(int i) {
        return lows[i - firstAnswer()];
    }

    double high(int i) {
        return highs[i - firstAnswer()];
    }

    /** Bytes the columns hold (for the memory budget). */
    long bytes() {
        return 17L * ts.length + 35L * scores.length + 256;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(ts[i]);
        }
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
        }
        for (int i = 0; i < size; i++) {
            out.writeByte(flags[i]);
        }
        out.writeInt(answers);
        for (float[] column : new float[][] {scores, ratios, forecasts, lows, highs}) {
            for (int a = 0; a < answers; a++) {
                out.writeFloat(column[a]);
            }
        }
        for (int a = 0; a < answers; a++) {
            out.writeByte(components[a]);
        }
        for (int a = 0; a < answers; a++) {
            out.writeInt(versions[a]);
        }
        for (int a = 0; a < answers; a++) {
            out.writeLong(eventStarts[a]);
        }
    }

    /** Reads what {@link #write} wrote, keeping no more than this instance keeps. */
    void read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("a saved state of " + n + " points");
        }
        long[] t = new long[n];
        double[] v = new double[n];
        byte[] f = new byte[n];
        for (int i = 0; i < n; i++) {
            t[i] = in.readLong();
        }
        for (int i = 0; i < n; i++) {
            v[i] = in.readDouble();
        }
        in.readFully(f);
        int m = in.readInt();
        if (m < 0 || m > n) {
            throw new IOException("a saved state with " + m + " answers for " + n + " points");
        }
        float[][] floats = new float[5][m];
        for (float[] column : floats) {
            for (int a = 0; a < m; a++) {
                column[a] = in.readFloat();
            }
        }
        byte[] c = new byte[m];
        in.readFully(c);
        int[] ver = new int[m];
        for (int a = 0; a < m; a++) {
            ver[a] = in.readInt();
        }
        long[] starts = new long[m];
        for (int a = 0; a < m; a++) {
            starts[a] = in.readLong();
        }
        int keepPoints = n <= limit(historyKeep) ? n : historyKeep;
        int keepAnswers = Math.min(keepPoints, m <= limit(answersKeep) ? m : answersKeep);
        // Room to grow by an eighth (the arrays double from there up to the limit), not the limit at once:
        // a series restored with few points holds what it holds.
        int room = Math.max(1, Math.min(limit(historyKeep) - keepPoints, Math.max(64, keepPoints / 8)));
        ts = Arrays.copyOfRange(t, n - keepPoints, n + room);
        values = Arrays.copyOfRange(v, n - keepPoints, n + room);
        flags = Arrays.copyOfRange(f, n - keepPoints, n + room);
        size = keepPoints;
        int extra = Math.max(1, Math.min(limit(answersKeep) - keepAnswers, Math.max(64, keepAnswers / 8)));
        scores = Arrays.copyOfRange(floats[0], m - keepAnswers, m + extra);
        ratios = Arrays.copyOfRange(floats[1], m - keepAnswers, m + extra);
        forecasts = Arrays.copyOfRange(floats[2], m - keepAnswers, m + extra);
        lows = Arrays.copyOfRange(floats[3], m - keepAnswers, m + extra);
        highs = Arrays.copyOfRange(floats[4], m - keepAnswers, m + extra);
        components = Arrays.copyOfRange(c, m - keepAnswers, m + extra);
        versions = Arrays.copyOfRange(ver, m - keepAnswers, m + extra);
        eventStarts = Arrays.copyOfRange(starts, m - keepAnswers, m + extra);
        answers = keepAnswers;
        for (int a = 0; a < answers; a++) {
            if (components[a] < 0 || components[a] >= Component.values().length) {
                throw new IOException("a saved state with an unknown component");
            }
        }
    }
}
