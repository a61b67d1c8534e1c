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

    /** Gives model {@code version} trained on these points (oldest first); may load a saved one. */
    @FunctionalInterface
    public interface Models {
        DetectorModel model(int version, double[] values, long[] timestamps);
    }

    static final int FALLBACK_WINDOW = 64;

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
            if (seen == nextTraining) {
                train();
            }
            double v = Double.isFinite(vals[i]) ? vals[i] : lastFinite;
            lastFinite = v;
            next(timestamps[i], v);
        }
    }

    private void train() {
        try {
            DetectorModel trained = models.model(version + 1, Arrays.copyOf(values, size), Arrays.copyOf(ts, size));
            if (model != null) {
                model.close();
            }
            model = trained;
            version++;
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
                int from = Math.max(0, size + 1 - FALLBACK_WINDOW);
                double[] window = Arrays.copyOfRange(values, from, size + 1);
                window[window.length - 1] = v;
                PointScore p = FallbackScorer.scoreLatest(window);
                componentRatios[0] = p.lstmRatio();
                forecast = p.forecast();
                low = p.bandLow();
                high = p.bandHigh();
            }
            closest = Component.FALLBACK;
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
        append(time, v, out, flagged, decided, forecast, low, high);
        seen++;
    }

    private void append(long time, double v, EventDetector.Output out, boolean flagged, Component decided,
                        double forecast, double low, double high) {
        if (size == ts.length) {
            grow();
        }
        ts[size] = time;
        values[size] = v;
        scores[size] = out.score();
        flags[size] = (byte) ((out.anomalous() ? 1 : 0) | (flagged ? 2 : 0));
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
        return new Point(ts[i], values[i], scores[i], (flags[i] & 1) != 0, (flags[i] & 2) != 0,
                Component.values()[components[i]], ratios[i], forecasts[i], lows[i], highs[i], versions[i],
                eventStarts[i]);
    }

    @Override
    public synchronized void close() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
