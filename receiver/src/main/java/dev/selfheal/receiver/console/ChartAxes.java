package dev.selfheal.receiver.console;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The ticks of a {@link ScorerChart}'s axes, at round values: times at a step of 5 s to a day giving
 * at most seven, labelled in UTC; values at 1, 2 or 5 times a power of ten giving four to eight,
 * labelled as people write numbers. The page and the PNG draw the same ones.
 */
public final class ChartAxes {

    /** A tick of an axis: where (x for time, y for values) and its label. */
    public record Tick(double at, String label) {
        public String atText() {
            return ScorerChart.fmt(at);
        }
    }

    private static final long[] TIME_STEPS = {5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
            43200, 86400};

    private ChartAxes() {
    }

    static List<Tick> time(ScorerChart chart) {
        long from = chart.from().getEpochSecond();
        long to = chart.to().getEpochSecond();
        long span = Math.max(1, to - from);
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (long s : TIME_STEPS) {
            if (span / s <= 6) {
                step = s;
                break;
            }
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern(step < 60 ? "HH:mm:ss" : "HH:mm").withZone(ZoneOffset.UTC);
        List<Tick> ticks = new ArrayList<>();
        for (long t = (from + step - 1) / step * step; t <= to; t += step) {
            Instant at = Instant.ofEpochSecond(t);
            ticks.add(new Tick(chart.x(at), f.format(at)));
        }
        return ticks;
    }

    static List<Tick> values(ScorerChart chart) {
        double raw = (chart.max() - chart.min()) / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
        List<Tick> ticks = new ArrayList<>();
        for (double v = Math.ceil(chart.min() / step) * step; v <= chart.max() + step * 1e-9; v += step) {
            ticks.add(new Tick(chart.y(v), label(Math.abs(v) < step * 1e-9 ? 0 : v)));
        }
        return ticks;
    }

    /** A round tick value as people write it: 0.35, 2, 1500 (four significant digits, no trailing zeros). */
    static String label(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
