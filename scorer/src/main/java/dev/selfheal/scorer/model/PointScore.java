package dev.selfheal.scorer.model;

import java.util.List;

/**
 * The verdict on the latest point of a window.
 *
 * @param forecast  the LSTM's forecast (original units); NaN for the fallback
 * @param band      forecast ± the calibrated threshold, in original units
 */
public record PointScore(double score, double actual, double forecast, double residual, double zScore,
                         double bandLow, double bandHigh, double forestScore, double forestThreshold,
                         List<String> reasons) {
}
