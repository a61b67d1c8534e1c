package dev.selfheal.scorer.detector;

/**
 * "Now": whether a series' latest points themselves are outside their normal band, read from the
 * points and not from the event stage, so that a finished blip reads back within two steps of its
 * values being back and a series still broken keeps reading outside, whatever an event or a window
 * feature still holds.
 *
 * @param at          the point read (epoch ms)
 * @param since       the first point of the run that reads as {@code at} reads (epoch ms)
 * @param outside     {@value SeriesDetector#NOW_OUTSIDE} of the latest {@value SeriesDetector#NOW_POINTS} points are outside
 * @param run         for how many points in a row {@code outside} has read as it reads now
 * @param runMillis   how long that is: from the first point of the run to {@code at}, and one spacing
 *                    more (a run of one point at a 2 s step lasts 2 s)
 * @param value       the point's value
 * @param normalLow   the series' normal band for one value (its model's median ± its calibrated
 *                    threshold; the fallback's band before a model); NaN when unknown
 * @param forecastLow the forecast's band at this point (NaN when none)
 * @param modelVersion the model that read the point (0: the median/MAD fallback)
 */
public record Now(long at, long since, boolean outside, int run, long runMillis, double value, double normalLow,
                  double normalHigh, double forecastLow, double forecastHigh, int modelVersion) {

    /** Outside for this many points in a row reads as sustained. */
    public static final int SUSTAINED = SeriesDetector.NOW_POINTS;

    public boolean sustained() {
        return outside && run >= SUSTAINED;
    }

    /** Whether the value is inside the normal band itself (so only the forecast's band puts it outside). */
    public boolean insideNormalBand() {
        return Double.isFinite(normalLow) && value >= normalLow && value <= normalHigh;
    }
}
