package dev.selfheal.scorer.model;

import dev.selfheal.scorer.features.RobustScaler;
import dev.selfheal.scorer.features.WindowFeatures;
import dev.selfheal.scorer.forest.IsolationForestModel;
import dev.selfheal.scorer.lstm.LstmForecaster;
import dev.selfheal.scorer.lstm.TrainingProgress;
import java.time.Clock;
import java.util.Arrays;

/**
 * Builds a {@link DetectorModel} from a series' own history: the models learn on the older part,
 * and the newest {@code heldBack} fraction calibrates their thresholds, so that a score of 0.5
 * means "as unusual as the calibration allows" on every metric.
 */
public final class ModelTrainer {

    /** Calibrated thresholds sit this far beyond the held-back 99th percentile. */
    static final double MARGIN = 1.5;
    static final double MIN_Z = 4.0;
    static final double MAX_Z = 12.0;
    static final double MIN_RESIDUAL_SCALE = 0.02;
    /** Scaled units (robust σ of the training values): a level within 3 σ is never surprising alone. */
    static final double MIN_LEVEL = 3.0;

    private final Clock clock;

    public ModelTrainer(Clock clock) {
        this.clock = clock;
    }

    /**
     * Each component's threshold: MARGIN × its 99th percentile on the held-back points [from, n);
     * {@code valueMin} is the smallest value trained on, kept with them.
     */
    static Calibration calibrate(float[] scaled, double[] scaledDouble, int from, LstmForecaster lstm,
                                 IsolationForestModel forest, double valueMin) {
        int n = scaled.length;
        float[] forecasts = lstm.forecastSeries(scaled, from, n);
        double[] residuals = new double[n - from];
        double[] forestScores = new double[n - from];
        double[] spreads = new double[n - from];
        double[] levels = new double[n - from];
        double[] points = new double[n - from];
        for (int t = from; t < n; t++) {
            double[] features = WindowFeatures.at(scaledDouble, t);
            residuals[t - from] = scaled[t] - forecasts[t - from];
            forestScores[t - from] = forest.score(features);
            spreads[t - from] = features[WindowFeatures.SPREAD_RATIO];
            levels[t - from] = Math.abs(features[WindowFeatures.LEVEL]);
            points[t - from] = Math.abs(scaledDouble[t]);
        }
        // Floor: a residual of 2% of the series' own spread is never surprising (flat series).
        double residualScale = Math.max(MIN_RESIDUAL_SCALE, RobustScaler.fit(residuals).scale());
        double[] absZ = Arrays.stream(residuals).map(r -> Math.abs(r / residualScale)).toArray();
        double zThreshold = clamp(MARGIN * RobustScaler.quantile(absZ, 0.99), MIN_Z, MAX_Z);
        double forestBase = RobustScaler.median(forestScores);
        double forestQ = RobustScaler.quantile(forestScores, 0.99);
        double forestThreshold = clamp(forestBase + MARGIN * (forestQ - forestBase), forestBase + 0.05, 0.95);
        double spreadMedian = RobustScaler.median(spreads);
        double[] spreadDev = Arrays.stream(spreads).map(x -> Math.abs(x - spreadMedian)).toArray();
        double spreadThreshold = Math.max(0.5, MARGIN * RobustScaler.quantile(spreadDev, 0.99));
        double levelThreshold = Math.max(MIN_LEVEL, MARGIN * RobustScaler.quantile(levels, 0.99));
        double valueThreshold = Math.max(MIN_LEVEL, MARGIN * RobustScaler.quantile(points, 0.99));
        return new Calibration(residualScale, zThreshold, forestBase, forestThreshold, spreadMedian, spreadThreshold,
                levelThreshold, valueThreshold, valueMin);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * @param values     finite values, oldest first
     * @param timestamps their times (epoch seconds), or null
     * @param leftOut    points of the same span left out as the series' past anomalous events (recorded)
     */
    public DetectorModel train(SeriesRef series, int version, double[] values, long[] timestamps, int leftOut,
                               ModelSettings s, TrainingProgress progress) {
        if (values.length < s.minTrainingPoints()) {
            throw new NotEnoughHistoryException("training needs " + s.minTrainingPoints() + " points, history has "
                    + values.length);
        }
        int start = Math.max(0, values.length - s.maxTrainingPoints());
        double[] history = Arrays.copyOfRange(values, start, values.length);
        int n = history.length;
        int split = Math.max(s.window() + 20, (int) Math.round(n * (1 - s.heldBack())));
        RobustScaler scaler = RobustScaler.fit(Arrays.copyOf(history, split));
        float[] scaled = DetectorModel.scaledFloats(scaler, history);
        double[] scaledDouble = new double[n];
        for (int i = 0; i < n; i++) {
            scaledDouble[i] = scaled[i];
        }

        LstmForecaster lstm = LstmForecaster.train(Arrays.copyOf(scaled, split), s.window(), s.hidden(), s.epochs(),
                s.seed(), progress);
        IsolationForestModel forest = IsolationForestModel.fit(
                WindowFeatures.all(Arrays.copyOf(scaledDouble, split)), s.trees(), s.forestSample(), s.seed());

        Calibration calibration = calibrate(scaled, scaledDouble, Math.max(split, s.minScoringPoints() - 1), lstm,
                forest, Arrays.stream(history).min().orElse(Double.NaN));
        long trainingFrom = timestamps == null ? start : timestamps[start];
        long trainingTo = timestamps == null ? values.length - 1 : timestamps[values.length - 1];
        ModelMetadata metadata = new ModelMetadata(series.id(), series.query(), series.labels(), version, clock.instant(), n, trainingFrom, trainingTo, s,
                WindowFeatures.NAMES, scaler.median(), scaler.scale(),
                calibration, leftOut);
        return new DetectorModel(metadata, lstm, forest);
    }
}
