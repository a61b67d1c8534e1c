package dev.selfheal.scorer.model;

import java.util.List;

/**
 * The verdict on the latest point of a window.
 *
 * @param forecast  the LSTM's forecast (original units); NaN for the fallback
 * @param bandLow   forecast minus the calibrated threshold, in original units
 * @param lstmRatio each component's deviation over its calibrated threshold (1 = at the threshold)
 */
public record PointScore(double score, double actual, double forecast, double residual, double zScore,
                         double bandLow, double bandHigh, double forestScore, double forestThreshold,
                         double lstmRatio, double forestRatio, double spreadRatio, double levelRatio,
                         List<String> reasons) {
}
