package dev.selfheal.scorer.detector;

import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.FallbackScorer;
import dev.selfheal.scorer.model.PointScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One series' detector: its points, in time order, one at a time and causally, become the two
 * outputs of {@link EventDetector} (the event score NAB measures and the served verdict). Its
 * state is what it reaches after replaying the series from its first point: models are trained
 * when the {@link TrainingPlan} says (points seen, nothing else), the median/MAD fallback answers
 * before the first model, and every point is scored alone from the points before it, so the
 * same points give the same outputs however they arrive (one file at once in {@code score-csv},
 * chunks of Prometheus history, then a few new points per request in the service).
 *
 * <p>It keeps the last {@code retain} points with their outputs, so a request for a past time
 * is answered from what the detector said then, never from a state that has seen later points.
 * Thread-safe.
 */
public final class SeriesDetector implements AutoCloseable {

    /**
     * Gives model {@code version} trained on these points (oldest first; {@code leftOut} more of the
     * same span were left out as the series' own anomalous events); may load a saved one.
     */
    @FunctionalInterface
    public interface Models {
        DetectorModel model(int version, double[] values, long[] timestamps, int leftOut);

        /** The newest points a model trains on (its span, over which the points left out are counted). */
        default int maxPoints() {
            return dev.selfheal.scorer.model.ModelSettings.DEFAULT.maxTrainingPoints();
        }
    }

    static final int FALLBACK_WINDOW = 64;
    /** "Now" reads the latest {@value #NOW_POINTS} points: outside when {@value #NOW_OUTSIDE} of them are. */
    public static final int NOW_POINTS = 3;
    public static final int NOW_OUTSIDE = 2;

    private static final int ANOMALOUS = 1;
    private static final int FLAGGED = 2;
    private static final int POINT_OUTSIDE = 4;
    private static final int OUTSIDE_NOW = 8;

    private final TrainingPlan plan;
    private final Models models;
    private final int retain;
    private final EventDetector events = new EventDetector();

    private long[] ts = new long[256];
    private double[] values = new double[256];
    private double[] scores = new double[256];
    private byte[] flags = new byte[256];
    private byte[] components = new byte[256];
    private float[] ratios = new float[256];
    private double[] forecasts = new double[256];
    private double[] lows = new double[256];
    private double[] highs = new double[256];
    private int[] versions = new int[256];
    private long[] eventStarts = new long[256];
    private int size;

    private long seen;
    private long nextTraining;
    private DetectorModel model;
    private int version;
    private String trainingError;
    private double lastFinite;
    private long eventStart = -1;
    private Component eventComponent;
    /** The spans (points seen, [from, to)) recognised as lasting shifts: never left out, the new normal. */
    private final List<long[]> newNormal = new ArrayList<>();
    /** Each model version's normal band (index = version), so "now" about a past point reads the band of its time. */
    private final List<double[]> normalBands = new ArrayList<>(List.of(new double[0]));

    public SeriesDetector(TrainingPlan plan, Models models, int retain) {
        this.plan = plan;
        this.models = models;
        this.retain = Math.max(retain, FALLBACK_WINDOW);
        this.nextTraining = plan.firstAfter();
    }

    /**
     * Advances over points (epoch ms, strictly after the last one; earlier ones were seen and are
     * skipped). A non-finite value counts as the last finite value (0 before any).
     */
    public synchronized void advance(long[] timestamps, double[] vals) {
        for (int i = 0; i < timestamps.length; i++) {
            if (size > 0 && timestamps[i] <= ts[size - 1]) {
                continue;
            }
            if (seen == nextTraining || lastingShift()) {
                train();
            }
            double v = Double.isFinite(vals[i]) ? vals[i] : lastFinite;
            lastFinite = v;
            next(timestamps[i], v);
        }
    }

    /**
     * The series has moved to another level for the last {@link TrainingSelection#NEW_NORMAL_AFTER}
     * points: in every quarter of them it was outside its band now and then and its median stood
     * away from the model's, on the same side ({@link TrainingSelection#shifted}). That is a lasting
     * shift, not an incident (a fault that keeps coming back leaves the medians where they were):
     * those points become the new normal (never left out) and a model is trained on them now. Looked
     * at every {@value #SHIFT_CHECK_EVERY} points, at most once per span.
     */
    private boolean lastingShift() {
        int span = TrainingSelection.NEW_NORMAL_AFTER;
        if (model == null || size < span || seen % SHIFT_CHECK_EVERY != 0
                || !newNormal.isEmpty() && seen - newNormal.get(newNormal.size() - 1)[1] < span) {
            return false;
        }
        boolean[] marks = new boolean[span];
        for (int i = 0; i < span; i++) {
            marks[i] = inEvent(size - span + i);
        }
        if (!TrainingSelection.persistent(marks) || !TrainingSelection.shifted(
                Arrays.copyOfRange(values, size - span, size), model.median(), model.scale())) {
            return false;
        }
        newNormal.add(new long[] {seen - span, seen});
        return true;
    }

    static final int SHIFT_CHECK_EVERY = 30;

    private boolean inNewNormal(long pointSeen) {
        for (long[] r : newNormal) {
            if (pointSeen >= r[0] && pointSeen < r[1]) {
                return true;
            }
        }
        return false;
    }

    /** A point left out of training and the fallback: in an anomalous run, not in a span recognised as the new normal. */
    private boolean leftOutMark(int i) {
        return inEvent(i) && !inNewNormal(seen - size + i);
    }

    private void train() {
        try {
            boolean[] marks = new boolean[size];
            for (int i = 0; i < size; i++) {
                marks[i] = leftOutMark(i);
            }
            TrainingSelection.Selected kept = TrainingSelection.select(values, ts, marks, size, models.maxPoints());
            DetectorModel trained = models.model(version + 1, kept.values(), kept.timestamps(), kept.leftOut());
            if (model != null) {
                model.close();
            }
            model = trained;
            version++;
            while (normalBands.size() <= version) {
                normalBands.add(null);
            }
            normalBands.set(version, trained.normalBand());
            trainingError = null;
        } catch (RuntimeException e) {
            trainingError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        nextTraining = plan.next(seen);
    }

    private void next(long time, double v) {
        double[] componentRatios;
        double forecast = Double.NaN;
        double low = Double.NaN;
        double high = Double.NaN;
        Component closest;
        if (model != null) {
            int need = model.minScoringPoints();
            double[] window = new double[need];
            System.arraycopy(values, size - (need - 1), window, 0, need - 1);
            window[need - 1] = v;
            PointScore p = model.scoreRange(window, need - 1, need).get(0);
            componentRatios = new double[] {p.lstmRatio(), p.forestRatio(), p.spreadRatio(), p.levelRatio()};
            forecast = p.forecast();
            low = p.bandLow();
            high = p.bandHigh();
            closest = Component.largest(p.lstmRatio(), p.forestRatio(), p.spreadRatio(), p.levelRatio());
        } else {
            componentRatios = new double[] {0};
            if (size + 1 >= FallbackScorer.MIN_POINTS) {
                PointScore p = FallbackScorer.scoreLatest(fallbackWindow(v));
                componentRatios[0] = p.lstmRatio();
                forecast = p.forecast();
                low = p.bandLow();
                high = p.bandHigh();
            }
            closest = Component.FALLBACK;
        }
        boolean pointOutside;
        if (model != null) {
            double fromMedian = Math.abs(v - model.median());
            pointOutside = model.valueRatio(v) >= 1
                    || componentRatios[0] >= 1 && fromMedian > Math.abs(forecast - model.median());
        } else {
            pointOutside = componentRatios[0] >= 1;
        }
        EventDetector.Output out = events.next(v, model != null, componentRatios);
        boolean flagged = out.cause() == EventDetector.Cause.MODEL || out.cause() == EventDetector.Cause.OUT_OF_RANGE;
        Component decided = closest;
        if (flagged) {
            decided = out.cause() == EventDetector.Cause.OUT_OF_RANGE ? Component.OUT_OF_RANGE : closest;
        }
        if (out.cause() != EventDetector.Cause.NONE && eventStart < 0) {
            eventStart = time;
            eventComponent = decided;
        }
        if (!out.anomalous()) {
            eventStart = -1;
            eventComponent = null;
        } else if (!flagged) {
            decided = eventComponent;
        }
        boolean outsideNow = outsideNow(pointOutside);
        append(time, v, out, flagged, decided, forecast, low, high, pointOutside, outsideNow);
        seen++;
    }

    /** Whether, with this point, {@value #NOW_OUTSIDE} of the latest {@value #NOW_POINTS} points are outside their band. */
    private boolean outsideNow(boolean pointOutside) {
        int outside = pointOutside ? 1 : 0;
        for (int i = size - 1; i >= Math.max(0, size - (NOW_POINTS - 1)); i--) {
            outside += (flags[i] & POINT_OUTSIDE) != 0 ? 1 : 0;
        }
        return outside >= NOW_OUTSIDE;
    }

    /**
     * A point of an anomalous event, as training and the fallback leave it out: the series was
     * outside its band now (2 of its latest 3 points). The event stage's open event is broader (it
     * stays open for 10 points back in band, and opens on window features): leaving all of it out
     * cost NAB's development half 7 points, this 0.3 (scorer/README.md).
     */
    private boolean inEvent(int i) {
        return (flags[i] & OUTSIDE_NOW) != 0;
    }

    /**
     * The fallback's window: the latest points outside the series' anomalous events, then the new
     * value (the same rule as training: an incident is not the normal it is measured against); the
     * plain latest points when too few are outside events.
     */
    private double[] fallbackWindow(double v) {
        double[] window = new double[FALLBACK_WINDOW];
        int n = 0;
        for (int i = size - 1; i >= 0 && n < FALLBACK_WINDOW - 1 && i >= size - 4 * FALLBACK_WINDOW; i--) {
            if (!leftOutMark(i)) {
                window[n++] = values[i];
            }
        }
        if (n + 1 < FallbackScorer.MIN_POINTS) {
            int from = Math.max(0, size + 1 - FALLBACK_WINDOW);
            double[] plain = Arrays.copyOfRange(values, from, size + 1);
            plain[plain.length - 1] = v;
            return plain;
        }
        double[] ordered = new double[n + 1];
        for (int k = 0; k < n; k++) {
            ordered[k] = window[n - 1 - k];
        }
        ordered[n] = v;
        return ordered;
    }

    private void append(long time, double v, EventDetector.Output out, boolean flagged, Component decided,
                        double forecast, double low, double high, boolean pointOutside, boolean outsideNow) {
        if (size == ts.length) {
            grow();
        }
        ts[size] = time;
        values[size] = v;
        scores[size] = out.score();
        flags[size] = (byte) ((out.anomalous() ? ANOMALOUS : 0) | (flagged ? FLAGGED : 0)
                | (pointOutside ? POINT_OUTSIDE : 0) | (outsideNow ? OUTSIDE_NOW : 0));
        components[size] = (byte) decided.ordinal();
        ratios[size] = (float) out.evidence();
        forecasts[size] = forecast;
        lows[size] = low;
        highs[size] = high;
        versions[size] = model == null ? 0 : version;
        eventStarts[size] = out.anomalous() ? eventStart : -1;
        size++;
    }

    /** Doubles the columns, or drops the oldest points beyond {@code retain} once there are a quarter more. */
    private void grow() {
        int extra = retain / 4 + 1;
        if (size >= retain + extra) {
            int drop = size - retain;
            shift(drop);
            return;
        }
        int capacity = Math.min(ts.length * 2, retain + extra);
        ts = Arrays.copyOf(ts, capacity);
        values = Arrays.copyOf(values, capacity);
        scores = Arrays.copyOf(scores, capacity);
        flags = Arrays.copyOf(flags, capacity);
        components = Arrays.copyOf(components, capacity);
        ratios = Arrays.copyOf(ratios, capacity);
        forecasts = Arrays.copyOf(forecasts, capacity);
        lows = Arrays.copyOf(lows, capacity);
        highs = Arrays.copyOf(highs, capacity);
        versions = Arrays.copyOf(versions, capacity);
        eventStarts = Arrays.copyOf(eventStarts, capacity);
    }

    private void shift(int drop) {
        int keep = size - drop;
        System.arraycopy(ts, drop, ts, 0, keep);
        System.arraycopy(values, drop, values, 0, keep);
        System.arraycopy(scores, drop, scores, 0, keep);
        System.arraycopy(flags, drop, flags, 0, keep);
        System.arraycopy(components, drop, components, 0, keep);
        System.arraycopy(ratios, drop, ratios, 0, keep);
        System.arraycopy(forecasts, drop, forecasts, 0, keep);
        System.arraycopy(lows, drop, lows, 0, keep);
        System.arraycopy(highs, drop, highs, 0, keep);
        System.arraycopy(versions, drop, versions, 0, keep);
        System.arraycopy(eventStarts, drop, eventStarts, 0, keep);
        size = keep;
    }

    /** Points seen since the series' first point. */
    public synchronized long seen() {
        return seen;
    }

    /** The newest point's time (epoch ms), or {@link Long#MIN_VALUE} before any. */
    public synchronized long lastTimestamp() {
        return size == 0 ? Long.MIN_VALUE : ts[size - 1];
    }

    /** The oldest kept point's time (epoch ms), or {@link Long#MAX_VALUE} before any. */
    public synchronized long firstKeptTimestamp() {
        return size == 0 ? Long.MAX_VALUE : ts[0];
    }

    public synchronized int modelVersion() {
        return model == null ? 0 : version;
    }

    public synchronized DetectorModel model() {
        return model;
    }

    /** Why the last training failed (the previous model or the fallback answers meanwhile), or null. */
    public synchronized String trainingError() {
        return trainingError;
    }

    /** Points seen at which the next model is trained. */
    public synchronized long nextTraining() {
        return nextTraining;
    }

    /** The kept point at or just before {@code time} (epoch ms), or null when none is kept. */
    public synchronized Point at(long time) {
        int i = indexAtOrBefore(time);
        return i < 0 ? null : point(i);
    }

    /**
     * "Now" at the kept point at or before {@code time}: whether the latest points are outside
     * their band, for how long, and the bands; null when no point is kept there.
     */
    public synchronized Now now(long time) {
        int i = indexAtOrBefore(time);
        if (i < 0) {
            return null;
        }
        boolean outside = (flags[i] & OUTSIDE_NOW) != 0;
        int run = 1;
        while (i - run >= 0 && ((flags[i - run] & OUTSIDE_NOW) != 0) == outside) {
            run++;
        }
        long spacing = i > 0 ? ts[i] - ts[i - 1] : 0;
        long runMillis = ts[i] - ts[i - run + 1] + spacing;
        double low = Double.NaN;
        double high = Double.NaN;
        if (versions[i] > 0 && versions[i] < normalBands.size() && normalBands.get(versions[i]) != null) {
            low = normalBands.get(versions[i])[0];
            high = normalBands.get(versions[i])[1];
        } else if (versions[i] == 0) {
            low = lows[i];
            high = highs[i];
        }
        return new Now(ts[i], ts[i - run + 1], outside, run, runMillis, values[i], low, high, lows[i], highs[i],
                versions[i]);
    }

    /** The kept points in [from, to] (epoch ms), oldest first. */
    public synchronized List<Point> between(long from, long to) {
        int last = indexAtOrBefore(to);
        List<Point> out = new ArrayList<>();
        for (int i = Math.max(0, indexAtOrBefore(from - 1) + 1); i <= last; i++) {
            out.add(point(i));
        }
        return out;
    }

    /** Every kept point, oldest first. */
    public synchronized List<Point> points() {
        List<Point> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(point(i));
        }
        return out;
    }

    private int indexAtOrBefore(long time) {
        int i = Arrays.binarySearch(ts, 0, size, time);
        return i >= 0 ? i : -i - 2;
    }

    private Point point(int i) {
        return new Point(ts[i], values[i], scores[i], (flags[i] & ANOMALOUS) != 0, (flags[i] & FLAGGED) != 0,
                Component.values()[components[i]], ratios[i], forecasts[i], lows[i], highs[i], versions[i],
                eventStarts[i], (flags[i] & POINT_OUTSIDE) != 0, (flags[i] & OUTSIDE_NOW) != 0);
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
