package dev.selfheal.scorer.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The streaming stages after the model: they turn one series' component ratios (each component's
 * deviation over its calibrated threshold; the median/MAD fallback's single ratio before a model
 * exists) and its values, one point at a time and causally, into the two outputs a detector
 * serves. {@code score} in [0, 1] is the event score NAB measures, at the served threshold
 * {@value #THRESHOLD}: high at the start of an anomalous event and quiet for
 * {@value #REFRACTORY} points after it. {@code anomalous} is the verdict: true from an event's
 * first flag until the series has been back under every component's threshold for
 * {@value #CLOSE_AFTER} points, never muted by the quiet period, so an alert that fires minutes
 * into an incident is still confirmed and verification sees the incident end. Once a model
 * serves, {@value #OPEN_RUN} points in a row with a component at least {@value #OPEN_RATIO}
 * times its calibrated threshold also open an event for the verdict, though the score stays
 * quiet: the novelty stages mute a repeat of an earlier incident in the score (NAB counts an event
 * once), but the same fault a second time is still a fault to confirm.
 *
 * <p>Stages: {@link NoveltyFilter} (how new the evidence is), {@link RepeatSuppression} (a run of
 * peaks once), the novelty score mapped so that {@value #MODEL_CUT} becomes the threshold, the
 * out-of-range rule (once a model serves: a value beyond the range seen so far by more than
 * {@value #RANGE_MARGIN} of its width scores {@value #OUT_OF_RANGE_SCORE}; HTM's rule), and the
 * quiet period. Tuned on the NAB development half only, checked on both of its halves
 * (scorer/README.md).
 */
public final class EventDetector {

    /** The served threshold on {@code score} ({@code SELFHEAL_SCORING_THRESHOLD}'s default). */
    public static final double THRESHOLD = 0.5;
    /** The novelty score that counts as an event (mapped to {@link #THRESHOLD}). */
    static final double MODEL_CUT = 0.6;
    /** How far beyond the range seen so far a value must lie, as a share of the range's width. */
    static final double RANGE_MARGIN = 0.01;
    static final double OUT_OF_RANGE_SCORE = 0.75;
    /** Points after a flag during which {@code score} stays under the threshold. */
    static final int REFRACTORY = 20;
    /** Points back under every threshold that close an open event. */
    public static final int CLOSE_AFTER = 10;
    /** A component this many times its calibrated threshold ... */
    public static final double OPEN_RATIO = 2.0;
    /** ... for this many points in a row opens an event for the verdict (a sustained deviation, not a spike). */
    public static final int OPEN_RUN = 3;

    /**
     * Which rule decided a point: the score (MODEL, OUT_OF_RANGE, both flags), or DEVIATION, a
     * strong deviation that opens an event for the verdict without flagging the score.
     */
    public enum Cause { NONE, MODEL, OUT_OF_RANGE, DEVIATION }

    /** One point's outputs, and the largest component ratio behind them. */
    public record Output(double score, boolean anomalous, Cause cause, double evidence) {
    }

    private final NoveltyFilter novelty = new NoveltyFilter();
    private final RepeatSuppression once = new RepeatSuppression();
    private boolean modelServes;
    private double low = Double.NaN;
    private double high = Double.NaN;
    private int quiet;
    private boolean open;
    private int normalRun;
    private int strongRun;

    /**
     * The next point: its value, whether a trained model (not the fallback) produced the ratios,
     * and the ratios. Values must be finite.
     */
    public Output next(double value, boolean fromModel, double... ratios) {
        if (fromModel && !modelServes) {
            modelServes = true;
            novelty.restart(); // the model's calibrated ratios take over from the fallback's
        }
        double evidence = NoveltyFilter.evidence(ratios);
        double largest = Math.sqrt(evidence);
        double s = once.next(novelty.next(evidence));
        double score = s < MODEL_CUT ? s / (2 * MODEL_CUT) : THRESHOLD + (1 - THRESHOLD) * (s - MODEL_CUT) / (1 - MODEL_CUT);
        Cause cause = score >= THRESHOLD ? Cause.MODEL : Cause.NONE;
        if (modelServes && outOfRange(value)) {
            score = Math.max(score, OUT_OF_RANGE_SCORE);
            cause = Cause.OUT_OF_RANGE;
        }
        boolean flagged = score >= THRESHOLD;
        if (quiet > 0) {
            quiet--;
            score = Math.min(score, Math.nextDown(THRESHOLD));
        } else if (flagged) {
            quiet = REFRACTORY;
        }
        strongRun = modelServes && largest >= OPEN_RATIO ? strongRun + 1 : 0;
        boolean strong = strongRun >= OPEN_RUN;
        if (flagged || strong) {
            open = true;
            normalRun = 0;
        } else if (open && largest < 1 && ++normalRun >= CLOSE_AFTER) {
            open = false;
        } else if (open && largest >= 1) {
            normalRun = 0;
        }
        low = Double.isNaN(low) ? value : Math.min(low, value);
        high = Double.isNaN(high) ? value : Math.max(high, value);
        return new Output(Math.max(0, Math.min(1, score)), open,
                flagged ? cause : strong ? Cause.DEVIATION : Cause.NONE, largest);
    }

    /** Writes everything {@link #next} depends on, so a restored detector goes on as this one would. */
    public void write(DataOutput out) throws IOException {
        novelty.write(out);
        once.write(out);
        out.writeBoolean(modelServes);
        out.writeDouble(low);
        out.writeDouble(high);
        out.writeInt(quiet);
        out.writeBoolean(open);
        out.writeInt(normalRun);
        out.writeInt(strongRun);
    }

    public void read(DataInput in) throws IOException {
        novelty.read(in);
        once.read(in);
        modelServes = in.readBoolean();
        low = in.readDouble();
        high = in.readDouble();
        quiet = in.readInt();
        open = in.readBoolean();
        normalRun = in.readInt();
        strongRun = in.readInt();
    }

    private boolean outOfRange(double value) {
        if (Double.isNaN(low)) {
            return false;
        }
        double span = Math.max(high - low, 1e-9);
        return value > high + RANGE_MARGIN * span || value < low - RANGE_MARGIN * span;
    }
}
