package dev.selfheal.scorer.model;

import dev.selfheal.scorer.features.RobustScaler;
import dev.selfheal.scorer.features.WindowFeatures;
import dev.selfheal.scorer.forest.IsolationForestModel;
import dev.selfheal.scorer.lstm.LstmForecaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One series' trained model: robust scaler, LSTM forecaster and Isolation Forest, with the
 * calibration that makes its score comparable to every other series'. Thread-safe for scoring.
 */
public final class DetectorModel {

    static final double CLIP = 20;

    private final ModelMetadata metadata;
    private final RobustScaler scaler;
    private final LstmForecaster lstm;
    private final IsolationForestModel forest;

    public DetectorModel(ModelMetadata metadata, LstmForecaster lstm, IsolationForestModel forest) {
        this.metadata = metadata;
        this.scaler = new RobustScaler(metadata.scalerMedian(), metadata.scalerScale());
        this.lstm = lstm;
        this.forest = forest;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    LstmForecaster lstm() {
        return lstm;
    }

    IsolationForestModel forest() {
        return forest;
    }

    /**
     * How far a single value is from the series' normal level: |value − median| over the
     * calibrated single-point threshold, in robust σ (1 = at the edge of the normal band).
     */
    public double valueRatio(double value) {
        return Math.abs(scaler.apply(value)) / metadata.calibration().pointThreshold();
    }

    /**
     * The series' normal band for a single value, in its units: the median ± the calibrated
     * threshold; its low end at 0 for a series that never went below 0 (an error ratio, a latency),
     * which cannot go below it either.
     */
    public double[] normalBand() {
        double half = metadata.calibration().pointThreshold() * scaler.scale();
        Double min = metadata.calibration().valueMin();
        double low = scaler.median() - half;
        return new double[] {min != null && min >= 0 ? Math.max(0, low) : low, scaler.median() + half};
    }

    /** The series' median over the points the model trained on. */
    public double median() {
        return scaler.median();
    }

    /** The series' robust σ (MAD × 1.4826) over the points the model trained on. */
    public double scale() {
        return scaler.scale();
    }

    public int minScoringPoints() {
        return metadata.settings().minScoringPoints();
    }

    static float[] scaledFloats(RobustScaler scaler, double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) Math.max(-CLIP, Math.min(CLIP, scaler.apply(values[i])));
        }
        return out;
    }

    /** Scores the last value of a window of finite values. */
    public PointScore scoreLatest(double[] values) {
        if (values.length < minScoringPoints()) {
            throw new IllegalArgumentException("a window needs at least " + minScoringPoints() + " points");
        }
        return scoreRange(values, values.length - 1, values.length).get(0);
    }

    /** Scores every index in [from, to) of the values, each from the points before it (causal). */
    public List<PointScore> scoreRange(double[] values, int from, int to) {
        int first = Math.max(from, minScoringPoints() - 1);
        float[] scaled = scaledFloats(scaler, values);
        double[] scaledDouble = new double[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            scaledDouble[i] = scaled[i];
        }
        float[] forecasts = first < to ? lstm.forecastSeries(scaled, first, to) : new float[0];
        Calibration c = metadata.calibration();
        List<PointScore> out = new ArrayList<>(to - from);
        for (int t = from; t < to; t++) {
            if (t < first) {
                out.add(null);
                continue;
            }
            double forecastScaled = forecasts[t - first];
            double residualScaled = scaled[t] - forecastScaled;
            double z = residualScaled / c.residualScale();
            double[] features = WindowFeatures.at(scaledDouble, t);
            double forestScore = forest.score(features);
            double vLstm = Math.abs(z) / c.zThreshold();
            double vForest = Severity.ratio(forestScore, c.forestBase(), c.forestThreshold());
            double vSpread = Math.abs(features[WindowFeatures.SPREAD_RATIO] - c.spreadMedian()) / c.spreadThreshold();
            double vLevel = Math.abs(features[WindowFeatures.LEVEL]) / c.levelThreshold();
            double score = Severity.combine(vLstm, vForest, vSpread, vLevel);
            double forecast = scaler.invert(forecastScaled);
            double halfBand = c.zThreshold() * c.residualScale() * scaler.scale();
            out.add(new PointScore(score, values[t], forecast, values[t] - forecast, z, forecast - halfBand,
                    forecast + halfBand, forestScore, c.forestThreshold(), vLstm, vForest, vSpread, vLevel,
                    reasons(z, c, forestScore, vSpread, vLevel, features)));
        }
        return out;
    }

    /** Plain-word reasons, the strongest first. */
    private static List<String> reasons(double z, Calibration c, double forestScore, double vSpread, double vLevel,
                                        double[] features) {
        List<Map.Entry<Double, String>> all = new ArrayList<>(4);
        all.add(Map.entry(Math.abs(z) / c.zThreshold(), String.format(Locale.ROOT,
                "latest value %.1f σ %s the LSTM forecast (threshold %.1f σ)", Math.abs(z), z >= 0 ? "above" : "below",
                c.zThreshold())));
        all.add(Map.entry(Severity.ratio(forestScore, c.forestBase(), c.forestThreshold()), String.format(Locale.ROOT,
                "Isolation Forest score %.2f %s its threshold %.2f", forestScore,
                forestScore >= c.forestThreshold() ? "over" : "under", c.forestThreshold())));
        double spread = features[WindowFeatures.SPREAD_RATIO] - c.spreadMedian();
        all.add(Map.entry(vSpread, String.format(Locale.ROOT, "recent variability %.1f× %s than usual",
                Math.exp(Math.abs(spread)), spread >= 0 ? "higher" : "lower")));
        all.add(Map.entry(vLevel, String.format(Locale.ROOT, "level %.1f× as far from the usual median as the "
                + "threshold allows", vLevel)));
        all.sort(Map.Entry.<Double, String>comparingByKey().reversed());
        List<String> reasons = new ArrayList<>(2);
        reasons.add(all.get(0).getValue());
        reasons.add(all.get(1).getValue());
        return reasons;
    }

    /** Bytes the model holds (for the memory budget): its weights, its trees and about 1 KB of metadata. */
    public long bytes() {
        return lstm.bytes() + forest.bytes() + 1024;
    }
}
