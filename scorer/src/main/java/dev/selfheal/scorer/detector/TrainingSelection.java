package dev.selfheal.scorer.detector;

import java.util.Arrays;

/**
 * Which of a series' kept points a model trains and calibrates on: every point but those of the
 * series' own past anomalous events, with a margin either side, so that a model retrained after a
 * fault has not learned the fault as normal and flags it again when it comes back. A run that lasts
 * {@value #NEW_NORMAL_AFTER} points or more is a lasting shift (a deploy that changed the normal
 * level for good), not an incident: it stays in, and becomes the new normal; so do spans the
 * detector recognised as {@link #persistent} (their points are not marked). Pure: the same points
 * and marks give the same selection in the service and in {@code score-csv}.
 */
public final class TrainingSelection {

    /** A run of anomalous points this long is the new normal: 6 h at a 15 s step, 48 min at 2 s. */
    public static final int NEW_NORMAL_AFTER = 1_440;
    /** Runs this close are one event (a fault whose points dip back into the band now and then). */
    static final int MERGE_GAP = 10;
    /** Each quarter of a lasting shift's span has at least this share of its points outside their band. */
    static final double PERSISTENT_SHARE = 0.2;

    /**
     * Whether anomalous points run through the whole span: at least {@value #PERSISTENT_SHARE} of
     * each of its four quarters. A level step the band catches only now and then (a small step a
     * noisy series crosses back and forth) is as lasting as one it catches at every point; a fault
     * that came and went inside the span is not.
     */
    public static boolean persistent(boolean[] marks) {
        int quarter = marks.length / 4;
        if (quarter == 0) {
            return false;
        }
        for (int q = 0; q < 4; q++) {
            int n = 0;
            for (int i = q * quarter; i < (q + 1) * quarter; i++) {
                n += marks[i] ? 1 : 0;
            }
            if (n < PERSISTENT_SHARE * quarter) {
                return false;
            }
        }
        return true;
    }

    /** Points left out before and after an event: the detection's lag (2 of 3 points) and a rate window's tail. */
    static final int MARGIN = 3;

    private TrainingSelection() {
    }

    /** The points kept, oldest first, and how many of the span were left out. */
    public record Selected(double[] values, long[] timestamps, int leftOut) {
    }

    /**
     * @param values    the kept points' values, oldest first ({@code size} of them)
     * @param times     their times
     * @param anomalous whether each point belongs to an anomalous event (open event or outside its band now)
     * @param span      the newest points kept that a model trains on: {@code leftOut} counts the
     *                  points left out among them, not over everything the detector keeps
     */
    public static Selected select(double[] values, long[] times, boolean[] anomalous, int size, int span) {
        boolean[] out = leftOut(anomalous, size);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!out[i]) {
                kept++;
            }
        }
        double[] v = new double[kept];
        long[] t = new long[kept];
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (!out[i]) {
                v[j] = values[i];
                t[j++] = times[i];
            }
        }
        int leftOutInSpan = 0;
        int keptSeen = 0;
        for (int i = size - 1; i >= 0 && keptSeen < span; i--) {
            if (out[i]) {
                leftOutInSpan++;
            } else {
                keptSeen++;
            }
        }
        return new Selected(v, t, leftOutInSpan);
    }

    /** A quarter's median this many robust σ from the model's median stands at another level. */
    static final double SHIFTED_SIGMA = 1.5;

    /**
     * Whether the span stands at another level than the model's: the median of each of its four
     * quarters at least {@value #SHIFTED_SIGMA} robust σ from the model's median, all on the same
     * side. A fault that comes back, however often, while the series spends most of its time at
     * its usual level, leaves the medians where they were; a deploy that moved the level moves them all.
     */
    public static boolean shifted(double[] span, double median, double scale) {
        int quarter = span.length / 4;
        if (quarter == 0 || !(scale > 0)) {
            return false;
        }
        int side = 0;
        for (int q = 0; q < 4; q++) {
            double[] part = Arrays.copyOfRange(span, q * quarter, (q + 1) * quarter);
            Arrays.sort(part);
            double m = part[part.length / 2];
            double z = (m - median) / scale;
            int s = z >= SHIFTED_SIGMA ? 1 : z <= -SHIFTED_SIGMA ? -1 : 0;
            if (s == 0 || side != 0 && s != side) {
                return false;
            }
            side = s;
        }
        return true;
    }

    /** Which points are left out: each merged run of anomalous points shorter than a lasting shift, with its margin. */
    static boolean[] leftOut(boolean[] anomalous, int size) {
        boolean[] out = new boolean[size];
        int i = 0;
        while (i < size) {
            if (!anomalous[i]) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            int gap = 0;
            for (int k = i + 1; k < size && gap <= MERGE_GAP; k++) {
                if (anomalous[k]) {
                    end = k;
                    gap = 0;
                } else {
                    gap++;
                }
            }
            if (end - start + 1 < NEW_NORMAL_AFTER) {
                Arrays.fill(out, Math.max(0, start - MARGIN), Math.min(size, end + MARGIN + 1), true);
            }
            i = end + 1;
        }
        return out;
    }
}
