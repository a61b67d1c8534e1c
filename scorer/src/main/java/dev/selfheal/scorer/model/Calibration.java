package dev.selfheal.scorer.model;

/**
 * What "normal" looks like for one series, measured on held-back history the models did not
 * train on.
 *
 * @param residualScale   robust σ of the LSTM's residuals (scaled units)
 * @param zThreshold      |residual / σ| at which the LSTM alone makes the score 0.5
 * @param forestBase      the median Isolation Forest score
 * @param forestThreshold the forest score at which the forest alone makes the score 0.5
 */
public record Calibration(double residualScale, double zThreshold, double forestBase, double forestThreshold) {
}
