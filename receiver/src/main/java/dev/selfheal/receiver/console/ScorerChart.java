package dev.selfheal.receiver.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The scorer's window as a chart: the values, the forecast and its band, the per-point score
 * against the threshold, and the times of the decision and the actions marked, with a time axis
 * and a value axis and their ticks. Built from the {@code explain} part of the scorer's answer kept
 * with the decision; geometry and numbers only, so the page and the PNG draw the same chart and
 * nothing of the alert's text goes into it. {@link #around} narrows it to the minutes before the
 * decision and what follows it, which is what an on-call looks at first.
 */
public record ScorerChart(List<Point> points, double threshold, double min, double max, Instant from, Instant to,
                          List<Mark> marks) {

    /** One grid point: its time, value, forecast and band (NaN where none), score and whether anomalous. */
    public record Point(Instant at, double value, double forecast, double low, double high, double score,
                        boolean anomalous) {
    }

    /** A moment to mark (the decision, an action), labelled. */
    public record Mark(Instant at, String label) {
    }

    public static final int WIDTH = 900;
    public static final int VALUES_HEIGHT = 240;
    public static final int SCORE_HEIGHT = 90;
    public static final int GAP = 24;
    /** Room for the value axis' labels. */
    public static final int LEFT = 64;
    public static final int RIGHT = 12;
    /** Room under the score panel for the time axis' labels. */
    public static final int AXIS = 22;
    /** How much before the decision the default view shows. */
    public static final java.time.Duration BEFORE = java.time.Duration.ofMinutes(5);
    /** How long after the decision the default view reaches for marks (the actions) when no points follow it. */
    public static final java.time.Duration AFTER = java.time.Duration.ofMinutes(15);

    /** The chart of a decision's scorer evidence; empty when it holds no window (an unavailable scorer). */
    public static Optional<ScorerChart> of(JsonNode evidence, List<Mark> marks) {
        JsonNode e = evidence == null ? null : evidence.path("explain");
        if (e == null || !e.path("timestamps").isArray() || e.path("timestamps").size() < 2) {
            return Optional.empty();
        }
        JsonNode ts = e.path("timestamps");
        List<Point> points = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ts.size(); i++) {
            double value = number(e.path("values").path(i));
            double forecast = number(e.path("forecast").path(i));
            double low = number(e.path("bandLow").path(i));
            double high = number(e.path("bandHigh").path(i));
            for (double v : new double[] {value, low, high, forecast}) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            points.add(new Point(Instant.ofEpochMilli(Math.round(ts.path(i).asDouble() * 1000)), value, forecast, low,
                    high, number(e.path("score").path(i)), e.path("anomalous").path(i).asBoolean(false)));
        }
        if (!Double.isFinite(min)) {
            return Optional.empty();
        }
        if (max - min < 1e-12) {
            max = min + 1;
        }
        double pad = (max - min) * 0.05;
        return Optional.of(new ScorerChart(List.copyOf(points), e.path("threshold").asDouble(0.5), min - pad, max + pad,
                points.get(0).at(), points.get(points.size() - 1).at(), List.copyOf(marks)));
    }

    /**
     * The view around a decision: from {@link #BEFORE} before it to the last point or mark after it
     * (up to {@link #AFTER}), the value range fitted to the points in view; the whole window when
     * fewer than two points fall in it.
     */
    public ScorerChart around(Instant decision) {
        Instant start = decision.minus(BEFORE).isAfter(from) ? decision.minus(BEFORE) : from;
        Instant end = decision.isAfter(to) ? decision : to;
        for (Mark m : marks) {
            if (m.at().isAfter(end) && !m.at().isAfter(decision.plus(AFTER))) {
                end = m.at();
            }
        }
        Instant lo = start;
        List<Point> shown = points.stream().filter(p -> !p.at().isBefore(lo)).toList();
        if (shown.size() < 2 || shown.size() == points.size()) {
            return this;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Point p : shown) {
            for (double v : new double[] {p.value(), p.low(), p.high(), p.forecast()}) {
                if (Double.isFinite(v)) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (!Double.isFinite(low)) {
            return this;
        }
        if (high - low < 1e-12) {
            high = low + 1;
        }
        double pad = (high - low) * 0.05;
        return new ScorerChart(shown, threshold, low - pad, high + pad, start, end, marks);
    }

    /** The time axis' ticks ({@link ChartAxes#time}). */
    public List<ChartAxes.Tick> timeTicks() {
        return ChartAxes.time(this);
    }

    /** The value axis' ticks ({@link ChartAxes#values}). */
    public List<ChartAxes.Tick> valueTicks() {
        return ChartAxes.values(this);
    }

    /** The score panel's ticks: 0, 0.5, 1. */
    public List<ChartAxes.Tick> scoreTicks() {
        return List.of(new ChartAxes.Tick(scoreY(0), "0"), new ChartAxes.Tick(scoreY(0.5), "0.5"),
                new ChartAxes.Tick(scoreY(1), "1"));
    }

    /** The bottom of the plot (where the time axis runs) and the right edge. */
    public int plotBottom() {
        return VALUES_HEIGHT + GAP + SCORE_HEIGHT;
    }

    public int plotRight() {
        return WIDTH - RIGHT;
    }

    public int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    public int width() {
        return WIDTH;
    }

    public int valuesHeight() {
        return VALUES_HEIGHT;
    }

    /** Where the score panel starts. */
    public int scoreTop() {
        return VALUES_HEIGHT + GAP;
    }

    public int scoreHeight() {
        return SCORE_HEIGHT;
    }

    public int height() {
        return VALUES_HEIGHT + GAP + SCORE_HEIGHT + AXIS;
    }

    public int left() {
        return LEFT;
    }

    public double x(Instant at) {
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        return LEFT + (WIDTH - LEFT - RIGHT) * (at.toEpochMilli() - from.toEpochMilli()) / span;
    }

    public double y(double value) {
        return VALUES_HEIGHT - (value - min) / (max - min) * VALUES_HEIGHT;
    }

    /** The score panel's y (score 0 at its bottom, 1 at its top). */
    public double scoreY(double score) {
        return VALUES_HEIGHT + GAP + SCORE_HEIGHT * (1 - Math.max(0, Math.min(1, score)));
    }

    /** SVG polyline points of the values. */
    public String valuesLine() {
        return svg(path(Point::value, false));
    }

    public String forecastLine() {
        return svg(path(Point::forecast, false));
    }

    public String scoreLine() {
        return svg(path(Point::score, true));
    }

    /** The band as a polygon: the high edge forward, the low edge back (points without a band left out). */
    public String bandPolygon() {
        return svg(band());
    }

    /** The band's outline in chart coordinates, {x, y} pairs: the high edge forward, the low edge back. */
    List<double[]> band() {
        List<Point> banded = points.stream().filter(p -> Double.isFinite(p.low()) && Double.isFinite(p.high())).toList();
        List<double[]> outline = new ArrayList<>();
        for (Point p : banded) {
            outline.add(new double[] {x(p.at()), y(p.high())});
        }
        for (int i = banded.size() - 1; i >= 0; i--) {
            outline.add(new double[] {x(banded.get(i).at()), y(banded.get(i).low())});
        }
        return outline;
    }

    /** One of the points' values in chart coordinates, {x, y} pairs (points without it left out). */
    List<double[]> path(ToDoubleFunction<Point> f, boolean score) {
        List<double[]> path = new ArrayList<>();
        for (Point p : points) {
            double v = f.applyAsDouble(p);
            if (Double.isFinite(v)) {
                path.add(new double[] {x(p.at()), score ? scoreY(v) : y(v)});
            }
        }
        return path;
    }

    private static String svg(List<double[]> xy) {
        StringBuilder b = new StringBuilder();
        for (double[] p : xy) {
            b.append(fmt(p[0])).append(',').append(fmt(p[1])).append(' ');
        }
        return b.toString().strip();
    }

    public double thresholdY() {
        return scoreY(threshold);
    }

    /** The value points, each as a dot (anomalous ones drawn apart). */
    public List<Dot> dots() {
        return points.stream().filter(p -> Double.isFinite(p.value()))
                .map(p -> new Dot(fmt(x(p.at())), fmt(y(p.value())), p.anomalous())).toList();
    }

    public record Dot(String x, String y, boolean anomalous) {
    }

    /** The marks inside the window, with their x. */
    public List<PlacedMark> placedMarks() {
        return marks.stream().filter(m -> !m.at().isBefore(from.minusSeconds(1)) && !m.at().isAfter(to.plusSeconds(3600)))
                .map(m -> new PlacedMark(Math.min(WIDTH - RIGHT, x(m.at())), m.label())).toList();
    }

    /** A mark at its x; {@code xText} as the SVG writes it. */
    public record PlacedMark(double x, String label) {
        public String xText() {
            return fmt(x);
        }
    }

    /** The view's start and end as people read them, to the second, in UTC. */
    public String fromText() {
        return READABLE.format(from);
    }

    public String toText() {
        return READABLE.format(to);
    }

    private static final java.time.format.DateTimeFormatter READABLE = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    public String fmtValue(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
