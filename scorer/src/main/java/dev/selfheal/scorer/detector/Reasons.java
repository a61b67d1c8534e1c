package dev.selfheal.scorer.detector;

import java.time.Instant;
import java.util.Locale;

/** A point's verdict in words: what decided, and why. */
public final class Reasons {

    private Reasons() {
    }

    public static String of(Point p) {
        String ratio = twoDecimals(p.ratio()) + "×";
        if (!p.anomalous()) {
            return p.component() == Component.FALLBACK
                    ? "normal: the median/MAD fallback finds the value at " + ratio + " of its " + "5 σ threshold"
                    : "normal: every component under its calibrated threshold (closest: " + p.component().words()
                    + " at " + ratio + ")";
        }
        String what = switch (p.component()) {
            case OUT_OF_RANGE -> String.format(Locale.ROOT, "the value %s is beyond the range the series has shown",
                    number(p.value()));
            case FALLBACK -> String.format(Locale.ROOT, "the value %s is %s the median/MAD fallback's 5 σ threshold",
                    number(p.value()), ratio);
            case LSTM -> String.format(Locale.ROOT, "the value %s is outside the LSTM forecast's band %s to %s "
                    + "(%s its calibrated deviation)", number(p.value()), number(p.bandLow()), number(p.bandHigh()), ratio);
            default -> p.component().words() + " is at " + ratio + " of its calibrated threshold";
        };
        if (p.flagged()) {
            return p.component().words() + " flags this point: " + what;
        }
        return "an anomalous event is open since " + Instant.ofEpochMilli(p.eventStart()) + ", opened by "
                + p.component().words() + "; it closes after " + EventDetector.CLOSE_AFTER
                + " points back under every threshold (largest deviation now " + ratio + ")";
    }

    /**
     * "Now" in words an on-call reads at 3 AM: the value against its normal band, for how long, and
     * which model read it, e.g. "value 0.5000 against a normal band of 0.0000–0.2100 for the last 5
     * points (10 s): sustained (model v4)".
     */
    public static String now(Now n) {
        String band = Double.isFinite(n.normalLow()) ? "a normal band of " + range(n.normalLow(), n.normalHigh())
                : "its forecast band " + range(n.forecastLow(), n.forecastHigh());
        String forecastOnly = n.outside() && n.insideNormalBand() && Double.isFinite(n.forecastLow())
                ? " (inside it, but outside the forecast band " + range(n.forecastLow(), n.forecastHigh()) + ")" : "";
        String model = n.modelVersion() > 0 ? "model v" + n.modelVersion() : "median/MAD fallback, no model yet";
        String span = n.run() + (n.run() == 1 ? " point" : " points") + " (" + seconds(n.runMillis()) + ")";
        if (n.outside()) {
            return "value " + shortNumber(n.value()) + " against " + band + forecastOnly + " for the last " + span + ": "
                    + (n.sustained() ? "sustained" : "just outside") + " (" + model + ")";
        }
        return "value " + shortNumber(n.value()) + " back inside " + band + " for the last " + span + " (" + model + ")";
    }

    private static String range(double low, double high) {
        return shortNumber(low) + "–" + shortNumber(high);
    }

    /** Four significant digits without trailing zeros: 0.02, 0.5918, 1234, 0.0001234. */
    static String shortNumber(double v) {
        if (!Double.isFinite(v)) {
            return "?";
        }
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String seconds(long millis) {
        long s = Math.round(millis / 1000.0);
        return s < 120 ? s + " s" : s < 7200 ? Math.round(s / 60.0) + " min" : Math.round(s / 3600.0) + " h";
    }

    /**
     * {@code v} with two decimals, as {@code %.2f} prints it, without a Formatter: every served
     * answer carries one, and the Formatter was the hot path's largest cost after the window.
     */
    static String twoDecimals(double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        long hundredths = Math.round(Math.abs(v) * 100);
        long cents = hundredths % 100;
        return (v < 0 && hundredths != 0 ? "-" : "") + hundredths / 100 + (cents < 10 ? ".0" : ".") + cents;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "?";
    }
}
