package dev.selfheal.scorer.offline;

import dev.selfheal.scorer.detector.EventDetector;
import dev.selfheal.scorer.model.DetectorModel;
import dev.selfheal.scorer.model.FallbackScorer;
import dev.selfheal.scorer.model.ModelSettings;
import dev.selfheal.scorer.model.ModelTrainer;
import dev.selfheal.scorer.model.PointScore;
import dev.selfheal.scorer.lstm.TrainingProgress;
import java.util.Arrays;
import java.util.List;

/**
 * Scores a whole series causally with the service's model code, as the service would live
 * through it: the fallback until a first model is trained on the first {@value #LEARN_FRACTION}
 * of the rows, then the model, retrained on all rows seen so far every {@code retrainEvery} rows.
 * Row t's score uses rows up to t only. A {@link NoveltyFilter} turns the model's per-row score
 * into a streaming one: an incident scores at its start, not on every row it lasts, and a
 * {@link RepeatSuppression} reports a run of peaks once.
 */
public final class StreamScorer implements Detector {

    static final double LEARN_FRACTION = 0.15;
    private static final int FALLBACK_WINDOW = 64;

    private static final dev.selfheal.scorer.model.SeriesRef STREAM =
            new dev.selfheal.scorer.model.SeriesRef("offline", null, java.util.Map.of());

    private final ModelTrainer trainer;
    private final ModelSettings settings;
    private final double retrainFraction;

    public StreamScorer(ModelTrainer trainer, ModelSettings settings, double retrainFraction) {
        this.trainer = trainer;
        this.settings = settings;
        this.retrainFraction = retrainFraction;
    }

    @Override
    public double[] score(double[] raw) {
        return scoreWithComponents(raw)[0];
    }

    /**
     * Columns score, anomalous (0 or 1), then the lstm, forest, spread and level ratios that
     * explain them (1 = at a threshold).
     */
    public double[][] scoreWithComponents(double[] raw) {
        double[] values = forwardFilled(raw);
        int n = values.length;
        double[] scores = new double[n];
        double[] anomalous = new double[n];
        double[] lstm = new double[n];
        double[] forest = new double[n];
        double[] spread = new double[n];
        double[] level = new double[n];
        int firstTraining = Math.max((int) Math.floor(LEARN_FRACTION * n), settings.minTrainingPoints());
        EventDetector detector = new EventDetector();
        for (int t = 0; t < Math.min(n, firstTraining); t++) {
            lstm[t] = fallbackRatio(values, t);
            record(detector.next(values[t], false, lstm[t]), scores, anomalous, t);
        }
        int retrainEvery = Math.max(500, (int) (retrainFraction * n));
        int version = 0;
        for (int from = firstTraining; from < n; from += retrainEvery) {
            int to = Math.min(n, from + retrainEvery);
            double[] seen = Arrays.copyOf(values, from);
            try (DetectorModel model = trainer.train(STREAM, ++version, seen, null, settings, TrainingProgress.NONE)) {
                List<PointScore> block = model.scoreRange(Arrays.copyOf(values, to), from, to);
                for (int t = from; t < to; t++) {
                    PointScore p = block.get(t - from);
                    record(detector.next(values[t], true, p.lstmRatio(), p.forestRatio(), p.spreadRatio(),
                            p.levelRatio()), scores, anomalous, t);
                    lstm[t] = p.lstmRatio();
                    forest[t] = p.forestRatio();
                    spread[t] = p.spreadRatio();
                    level[t] = p.levelRatio();
                }
            }
        }
        return new double[][] {scores, anomalous, lstm, forest, spread, level};
    }

    private static void record(EventDetector.Output out, double[] scores, double[] anomalous, int t) {
        scores[t] = out.score();
        anomalous[t] = out.anomalous() ? 1 : 0;
    }

    private static double fallbackRatio(double[] values, int t) {
        if (t + 1 < FallbackScorer.MIN_POINTS) {
            return 0;
        }
        int from = Math.max(0, t + 1 - FALLBACK_WINDOW);
        return FallbackScorer.scoreLatest(Arrays.copyOfRange(values, from, t + 1)).lstmRatio();
    }

    /** NaN and ±Inf rows take the last finite value (0 before any), so every row gets a score. */
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
