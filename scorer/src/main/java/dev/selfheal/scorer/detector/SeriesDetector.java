package dev.selfheal.scorer.detector;

import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.FallbackScorer;
import dev.selfheal.scorer.model.PointScore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

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
 * is answered from what the detector said then, never from a state that has seen later points,
 * and the values (without outputs) that training and the lasting-shift check read back. Its whole
 * state is a few hundred kilobytes at most and can be saved ({@link #state()}) and restored
 * ({@link #restore}): the restored detector goes on exactly as this one would, so a restart or a
 * series brought back into memory reads only the points it missed. Thread-safe.
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

        /** Version {@code version} as saved, for a detector restored from its state. */
        default DetectorModel saved(int version) throws IOException {
            throw new IOException("no saved models here");
        }
    }

    static final int FALLBACK_WINDOW = 64;
    /** "Now" reads the latest {@value #NOW_POINTS} points: outside when {@value #NOW_OUTSIDE} of them are. */
    public static final int NOW_POINTS = 3;
    public static final int NOW_OUTSIDE = 2;

    private static final int ANOMALOUS = PointColumns.ANOMALOUS;
    private static final int FLAGGED = PointColumns.FLAGGED;
    private static final int POINT_OUTSIDE = PointColumns.POINT_OUTSIDE;
    private static final int OUTSIDE_NOW = PointColumns.OUTSIDE_NOW;
    private static final int FORMAT = 1;

    private final TrainingPlan plan;
    private final Models models;
    private final EventDetector events = new EventDetector();
    private final PointColumns columns;
    /** Held by the one thread advancing (scoring, training); see {@link #advanceAlone}. */
    private final Object advancing = new Object();

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
    /**
     * What the detector has reached, published after each advance (and at restore) for readers that
     * must not wait for a replay or a training in progress: the model list, the memory budget's
     * count, the request path asking whether a series is ready.
     */
    public record Reached(long seen, long nextTraining, long lastTimestamp, DetectorModel model, String trainingError,
                          long bytes) {
    }

    private volatile Reached reached = new Reached(0, 0, Long.MIN_VALUE, null, null, 0);

    /** Each model version's normal band (index = version), so "now" about a past point reads the band of its time. */
    private final List<double[]> normalBands = new ArrayList<>(java.util.Collections.singletonList(new double[0]));

    /**
     * @param retain the newest points kept with their outputs (answers about the past); the values
     *               are kept for as long as training reads back (a quarter over its span, for the
     *               points it leaves out) and the lasting-shift check needs
     */
    public SeriesDetector(TrainingPlan plan, Models models, int retain) {
        this.plan = plan;
        this.models = models;
        int answers = Math.max(retain, FALLBACK_WINDOW);
        int history = Math.max(models.maxPoints() + models.maxPoints() / 4,
                Math.max(TrainingSelection.NEW_NORMAL_AFTER, 4 * FALLBACK_WINDOW));
        this.columns = new PointColumns(Math.max(history, answers), answers);
        this.nextTraining = plan.firstAfter();
        publish();
    }

    /**
     * Advances over points (epoch ms, strictly after the last one; earlier ones were seen and are
     * skipped). A non-finite value counts as the last finite value (0 before any).
     */
    public void advance(long[] timestamps, double[] vals) {
        synchronized (advancing) {
            advanceAlone(timestamps, vals);
        }
    }

    /**
     * One writer at a time ({@link #advancing}); readers take this object's monitor, which the
     * writer holds only to change what they read (a point appended, a model installed), never while
     * it scores or trains: an answer about a kept point never waits for a training.
     */
    private void advanceAlone(long[] timestamps, double[] vals) {
        for (int i = 0; i < timestamps.length; i++) {
            if (columns.size > 0 && timestamps[i] <= columns.ts[columns.size - 1]) {
                continue;
            }
            if (seen == nextTraining || lastingShift()) {
                train();
            }
            double v = Double.isFinite(vals[i]) ? vals[i] : lastFinite;
            lastFinite = v;
            next(timestamps[i], v);
        }
        publish();
    }

    private void publish() {
        reached = new Reached(seen, nextTraining, columns.size == 0 ? Long.MIN_VALUE : columns.ts[columns.size - 1],
                model, trainingError, columns.bytes() + (model == null ? 0 : model.bytes()) + 32L * normalBands.size()
                + 2048);
    }

    /** What the detector had reached after its last advance, read without waiting for one in progress. */
    public Reached reached() {
        return reached;
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
        int size = columns.size;
        if (model == null || size < span || seen % SHIFT_CHECK_EVERY != 0
                || !newNormal.isEmpty() && seen - newNormal.get(newNormal.size() - 1)[1] < span) {
            return false;
        }
        boolean[] marks = new boolean[span];
        for (int i = 0; i < span; i++) {
            marks[i] = inEvent(size - span + i);
        }
        if (!TrainingSelection.persistent(marks) || !TrainingSelection.shifted(
                Arrays.copyOfRange(columns.values, size - span, size), model.median(), model.scale())) {
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
        return inEvent(i) && !inNewNormal(seen - columns.size + i);
    }

    private void train() {
        try {
            int size = columns.size;
            boolean[] marks = new boolean[size];
            for (int i = 0; i < size; i++) {
                marks[i] = leftOutMark(i);
            }
            TrainingSelection.Selected kept = TrainingSelection.select(columns.values, columns.ts, marks, size,
                    models.maxPoints());
            DetectorModel trained = models.model(version + 1, kept.values(), kept.timestamps(), kept.leftOut());
            synchronized (this) {
                model = trained;
                version++;
                while (normalBands.size() <= version) {
                    normalBands.add(null);
                }
                normalBands.set(version, trained.normalBand());
                trainingError = null;
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                trainingError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        synchronized (this) {
            nextTraining = plan.next(seen);
        }
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
            System.arraycopy(columns.values, columns.size - (need - 1), window, 0, need - 1);
            window[need - 1] = v;
            PointScore p = model.scoreRange(window, need - 1, need).get(0);
            componentRatios = new double[] {p.lstmRatio(), p.forestRatio(), p.spreadRatio(), p.levelRatio()};
            forecast = p.forecast();
            low = p.bandLow();
            high = p.bandHigh();
            closest = Component.largest(p.lstmRatio(), p.forestRatio(), p.spreadRatio(), p.levelRatio());
        } else {
            componentRatios = new double[] {0};
            if (columns.size + 1 >= FallbackScorer.MIN_POINTS) {
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
        synchronized (this) {
            append(time, v, out, flagged, decided, forecast, low, high, pointOutside, outsideNow);
            seen++;
        }
    }

    /** Whether, with this point, {@value #NOW_OUTSIDE} of the latest {@value #NOW_POINTS} points are outside their band. */
    private boolean outsideNow(boolean pointOutside) {
        int outside = pointOutside ? 1 : 0;
        int size = columns.size;
        for (int i = size - 1; i >= Math.max(0, size - (NOW_POINTS - 1)); i--) {
            outside += columns.has(i, POINT_OUTSIDE) ? 1 : 0;
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
        return columns.has(i, OUTSIDE_NOW);
    }

    /**
     * The fallback's window: the latest points outside the series' anomalous events, then the new
     * value (the same rule as training: an incident is not the normal it is measured against); the
     * plain latest points when too few are outside events.
     */
    private double[] fallbackWindow(double v) {
        double[] window = new double[FALLBACK_WINDOW];
        int n = 0;
        int size = columns.size;
        double[] values = columns.values;
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
        int pointFlags = (out.anomalous() ? ANOMALOUS : 0) | (flagged ? FLAGGED : 0)
                | (pointOutside ? POINT_OUTSIDE : 0) | (outsideNow ? OUTSIDE_NOW : 0);
        columns.append(time, v, pointFlags, out.score(), out.evidence(), forecast, low, high, decided,
                model == null ? 0 : version, out.anomalous() ? eventStart : -1);
    }

    /** Points seen since the series' first point. */
    public synchronized long seen() {
        return seen;
    }

    /** The newest point's time (epoch ms), or {@link Long#MIN_VALUE} before any. */
    public synchronized long lastTimestamp() {
        return columns.size == 0 ? Long.MIN_VALUE : columns.ts[columns.size - 1];
    }

    /** The oldest point kept with its outputs (epoch ms), or {@link Long#MAX_VALUE} before any. */
    public synchronized long firstKeptTimestamp() {
        return columns.size == 0 ? Long.MAX_VALUE : columns.ts[columns.firstAnswer()];
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

    /** The kept point at or just before {@code time}, or null when none is kept. */
    public synchronized Point at(long time) {
        int i = answerAtOrBefore(time);
        return i < 0 ? null : columns.point(i);
    }

    /** The history index at or before {@code time} when its outputs are kept, else -1. */
    private int answerAtOrBefore(long time) {
        int i = columns.indexAtOrBefore(time);
        return i < columns.firstAnswer() ? -1 : i;
    }

    /**
     * "Now" at the kept point at or before {@code time}: whether the latest points are outside
     * their band, for how long, and the bands; null when no point is kept there.
     */
    public synchronized Now now(long time) {
        int i = answerAtOrBefore(time);
        if (i < 0) {
            return null;
        }
        long[] ts = columns.ts;
        boolean outside = columns.has(i, OUTSIDE_NOW);
        int run = 1;
        while (i - run >= 0 && columns.has(i - run, OUTSIDE_NOW) == outside) {
            run++;
        }
        long spacing = i > 0 ? ts[i] - ts[i - 1] : 0;
        long runMillis = ts[i] - ts[i - run + 1] + spacing;
        int v = columns.version(i);
        double low = Double.NaN;
        double high = Double.NaN;
        if (v > 0 && v < normalBands.size() && normalBands.get(v) != null) {
            low = normalBands.get(v)[0];
            high = normalBands.get(v)[1];
        } else if (v == 0) {
            low = columns.low(i);
            high = columns.high(i);
        }
        return new Now(ts[i], ts[i - run + 1], outside, run, runMillis, columns.values[i], low, high, columns.low(i),
                columns.high(i), v);
    }

    /** The kept points in [from, to] (epoch ms), oldest first. */
    public synchronized List<Point> between(long from, long to) {
        int last = answerAtOrBefore(to);
        List<Point> out = new ArrayList<>();
        for (int i = Math.max(columns.firstAnswer(), columns.indexAtOrBefore(from - 1) + 1); i <= last; i++) {
            out.add(columns.point(i));
        }
        return out;
    }

    /** Every point kept with its outputs, oldest first. */
    public synchronized List<Point> points() {
        List<Point> out = new ArrayList<>(columns.size - columns.firstAnswer());
        for (int i = columns.firstAnswer(); i < columns.size; i++) {
            out.add(columns.point(i));
        }
        return out;
    }

    /** Bytes this detector holds, its model included (for the memory budget), as of its last advance. */
    public long bytes() {
        return reached.bytes();
    }

    /**
     * The detector's whole state as bytes: the points seen so far as an 8-byte big-endian number
     * (the state's generation: a newer state has seen more), then, compressed, everything
     * {@link #advance} reads (the kept points and outputs, the event stages, the training plan's
     * position, the spans kept as new normal, each version's normal band). The model is named by
     * its version, not included: it is saved on its own when trained.
     */
    public byte[] state() {
        synchronized (advancing) {
            synchronized (this) {
                return stateAlone();
            }
        }
    }

    private byte[] stateAlone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            bytes.write(ByteBuffer.allocate(Long.BYTES).putLong(seen).array());
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                    new DeflaterOutputStream(bytes, deflater, 16 * 1024), 16 * 1024))) {
                out.writeInt(FORMAT);
                out.writeLong(seen);
                out.writeLong(nextTraining);
                out.writeInt(model == null ? 0 : version);
                out.writeInt(version);
                out.writeBoolean(trainingError != null);
                if (trainingError != null) {
                    out.writeUTF(trainingError.length() > 500 ? trainingError.substring(0, 500) : trainingError);
                }
                out.writeDouble(lastFinite);
                out.writeLong(eventStart);
                out.writeInt(eventComponent == null ? -1 : eventComponent.ordinal());
                out.writeInt(newNormal.size());
                for (long[] span : newNormal) {
                    out.writeLong(span[0]);
                    out.writeLong(span[1]);
                }
                out.writeInt(normalBands.size());
                for (double[] band : normalBands) {
                    out.writeInt(band == null ? -1 : band.length);
                    if (band != null) {
                        for (double d : band) {
                            out.writeDouble(d);
                        }
                    }
                }
                events.write(out);
                columns.write(out);
            } finally {
                deflater.end();
            }
        } catch (IOException e) {
            throw new IllegalStateException("a detector's state could not be written", e);
        }
        return bytes.toByteArray();
    }

    /** The points seen that a saved state holds (its generation), read from its first 8 bytes. */
    public static long seenIn(byte[] state) {
        return ByteBuffer.wrap(state).getLong();
    }

    /**
     * A detector that goes on from a saved {@link #state()}: its model loaded through
     * {@link Models#saved}. Throws when the state is not one this code wrote or its model cannot be
     * loaded (the caller replays the series instead).
     */
    public static SeriesDetector restore(byte[] state, TrainingPlan plan, Models models, int retain)
            throws IOException {
        if (state.length < Long.BYTES + 4) {
            throw new IOException("a saved state cut short");
        }
        SeriesDetector d = new SeriesDetector(plan, models, retain);
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new InflaterInputStream(
                new ByteArrayInputStream(state, Long.BYTES, state.length - Long.BYTES), inflater, 16 * 1024),
                16 * 1024))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("a saved state of another format");
            }
            d.seen = in.readLong();
            d.nextTraining = in.readLong();
            int modelVersion = in.readInt();
            d.version = in.readInt();
            d.trainingError = in.readBoolean() ? in.readUTF() : null;
            d.lastFinite = in.readDouble();
            d.eventStart = in.readLong();
            int component = in.readInt();
            d.eventComponent = component < 0 ? null : Component.values()[component];
            int spans = in.readInt();
            for (int i = 0; i < spans; i++) {
                d.newNormal.add(new long[] {in.readLong(), in.readLong()});
            }
            int bands = in.readInt();
            d.normalBands.clear();
            for (int i = 0; i < bands; i++) {
                int n = in.readInt();
                double[] band = n < 0 ? null : new double[n];
                for (int k = 0; k < n; k++) {
                    band[k] = in.readDouble();
                }
                d.normalBands.add(band);
            }
            d.events.read(in);
            d.columns.read(in);
            if (d.seen != seenIn(state)) {
                throw new IOException("a saved state whose header disagrees with its body");
            }
            if (modelVersion > 0) {
                d.model = models.saved(modelVersion);
            }
            d.publish();
        } catch (RuntimeException e) {
            throw new IOException("a saved state that cannot be read: " + e, e);
        } finally {
            inflater.end();
        }
        return d;
    }

    /** Lets go of the model (a detector no longer served). */
    @Override
    public synchronized void close() {
        model = null;
    }
}
