package dev.selfheal.scorer.model;

import dev.selfheal.scorer.features.RobustScaler;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The answer without a trained model: how far the latest point is from the median of the points
 * before it, in robust σ (MAD × 1.4826). Conservative: {@value #Z_THRESHOLD} σ alone makes 0.5.
 */
public final class FallbackScorer {

    public static final double Z_THRESHOLD = 5.0;
    public static final int MIN_POINTS = 10;

    private FallbackScorer() {
    }

    public static PointScore scoreLatest(double[] values) {
        if (values.length < MIN_POINTS) {
            throw new IllegalArgumentException("a window needs at least " + MIN_POINTS + " points");
        }
        double[] before = Arrays.copyOf(values, values.length - 1);
        RobustScaler scaler = RobustScaler.fit(before);
        double actual = values[values.length - 1];
        double z = scaler.apply(actual);
        double score = Severity.combine(Math.abs(z) / Z_THRESHOLD);
        double half = Z_THRESHOLD * scaler.scale();
        String reason = String.format(Locale.ROOT,
                "latest value %.1f robust σ %s the window median (median/MAD fallback, threshold %.1f σ)",
                Math.abs(z), z >= 0 ? "above" : "below", Z_THRESHOLD);
        return new PointScore(score, actual, scaler.median(), actual - scaler.median(), z, scaler.median() - half,
                scaler.median() + half, Double.NaN, Double.NaN, Math.abs(z) / Z_THRESHOLD, 0, 0, 0, List.of(reason));
    }
}
