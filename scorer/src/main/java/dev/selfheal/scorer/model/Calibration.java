package dev.selfheal.scorer.model;

/**
 * What "normal" looks like for one series, measured on held-back history the models did not
 * train on. Each component's threshold is where that component alone makes the score 0.5.
 *
 * @param residualScale   robust σ of the LSTM's residuals (scaled units)
 * @param zThreshold      |residual / σ| threshold of the LSTM component
 * @param forestBase      the median Isolation Forest score
 * @param forestThreshold the Isolation Forest score threshold
 * @param spreadMedian    the median of the spread feature (log ratio of recent to earlier spread)
 * @param spreadThreshold |spread - median| threshold: variance changes and flatlines
 * @param levelThreshold  |scaled level| threshold: values outside the range seen (slow drifts)
 * @param valueThreshold  |scaled value| threshold of a single point: the series' normal band
 *                        (median ± this × scale), which "now" reads each point against; 0 in
 *                        models saved before it existed, which use {@code levelThreshold}
 * @param valueMin        the smallest value trained on (null in models saved before it): a series that
 *                        never went below 0 shows no negative bound on its normal band
 */
public record Calibration(double residualScale, double zThreshold, double forestBase, double forestThreshold,
                          double spreadMedian, double spreadThreshold, double levelThreshold, double valueThreshold,
                          Double valueMin) {

    /** The single point's threshold in robust σ (the level's for models saved before it). */
    public double pointThreshold() {
        return valueThreshold > 0 ? valueThreshold : levelThreshold;
    }
}
