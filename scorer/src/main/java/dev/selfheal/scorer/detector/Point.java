package dev.selfheal.scorer.detector;

/**
 * One point as the detector saw it, with both outputs and what explains them.
 *
 * @param timestamp    epoch milliseconds
 * @param value        the value scored (a non-finite value is replaced by the last finite one)
 * @param score        the event score in [0, 1] (NAB's; quiet during the refractory period)
 * @param anomalous    the served verdict: an anomalous event is open
 * @param flagged      this point opened or re-flagged an event ({@code score} reached the threshold before muting)
 * @param component    what decided: the flagging rule, the component that opened the open event, or
 *                     else the component closest to its threshold
 * @param ratio        the largest component ratio at this point (1 = at its calibrated threshold)
 * @param forecast     the LSTM forecast (the window median for the fallback; NaN when neither)
 * @param bandLow      the forecast minus the calibrated deviation, in the value's units
 * @param modelVersion the model that scored the point; 0 for the fallback
 * @param eventStart   when the open event started (epoch ms), or -1
 * @param outside      this point alone is outside its normal band: beyond the series' normal level
 *                     band, or outside the forecast band and farther from the median than the forecast
 * @param outsideNow   "now": {@value SeriesDetector#NOW_OUTSIDE} of the latest
 *                     {@value SeriesDetector#NOW_POINTS} points up to this one are outside
 */
public record Point(long timestamp, double value, double score, boolean anomalous, boolean flagged,
                    Component component, double ratio, double forecast, double bandLow, double bandHigh,
                    int modelVersion, long eventStart, boolean outside, boolean outsideNow) {

    public boolean fromModel() {
        return modelVersion > 0;
    }
}
