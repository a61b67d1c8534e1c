package dev.selfheal.receiver.console;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The scorer's chart as a PNG for PagerDuty's incident page and Slack's message: the same geometry
 * as the console's SVG ({@link ScorerChart}), axes and ticks included, drawn with Java2D. The tick
 * labels need a font; where the JVM has none (a bare container), the image keeps its ticks without
 * labels rather than failing.
 */
final class ChartPng {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartPng() {
    }

    static byte[] render(ScorerChart chart) {
        BufferedImage image = new BufferedImage(chart.width(), chart.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, chart.width(), chart.height());
            axes(g, chart);
            g.setColor(new Color(0xcfe3ff));
            List<double[]> band = chart.band();
            if (!band.isEmpty()) {
                Path2D outline = path(band);
                outline.closePath();
                g.fill(outline);
            }
            line(g, chart, new Color(0x4f7fd1), 1f, ScorerChart.Point::forecast, false);
            line(g, chart, new Color(0x1d2329), 2f, ScorerChart.Point::value, false);
            g.setColor(new Color(0xd1242f));
            for (ScorerChart.Point p : chart.points()) {
                if (p.anomalous() && Double.isFinite(p.value())) {
                    g.fillOval((int) chart.x(p.at()) - 3, (int) chart.y(p.value()) - 3, 7, 7);
                }
            }
            g.setColor(new Color(0xd1242f));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(chart.left(), (int) chart.thresholdY(), chart.plotRight(), (int) chart.thresholdY());
            line(g, chart, new Color(0x8a4fd1), 1.5f, ScorerChart.Point::score, true);
            g.setColor(new Color(0xe38b00));
            g.setStroke(new BasicStroke(2f));
            for (ScorerChart.PlacedMark m : chart.placedMarks()) {
                int x = (int) m.x();
                g.drawLine(x, 0, x, chart.plotBottom());
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The panels' frames, the grid, the value, score and time axes with their ticks and labels. */
    private static void axes(Graphics2D g, ScorerChart chart) {
        int left = chart.left();
        int right = chart.plotRight();
        int bottom = chart.plotBottom();
        g.setStroke(new BasicStroke(1f));
        g.setColor(new Color(0xf0f2f4));
        for (ChartAxes.Tick t : chart.valueTicks()) {
            g.drawLine(left, (int) t.at(), right, (int) t.at());
        }
        g.setColor(new Color(0xe3e6ea));
        g.drawRect(left, 0, chart.plotWidth(), chart.valuesHeight());
        g.drawRect(left, chart.scoreTop(), chart.plotWidth(), chart.scoreHeight());
        g.setColor(new Color(0x8c959f));
        g.drawLine(left, bottom, right, bottom);
        for (ChartAxes.Tick t : chart.valueTicks()) {
            g.drawLine(left - 4, (int) t.at(), left, (int) t.at());
            label(g, t.label(), left - 6, (int) t.at() + 4, true);
        }
        for (ChartAxes.Tick t : chart.scoreTicks()) {
            g.drawLine(left - 4, (int) t.at(), left, (int) t.at());
            label(g, t.label(), left - 6, (int) t.at() + 4, true);
        }
        for (ChartAxes.Tick t : chart.timeTicks()) {
            g.drawLine((int) t.at(), bottom, (int) t.at(), bottom + 4);
            label(g, t.label(), (int) t.at(), bottom + 16, false);
        }
    }

    /** A tick's label, right-aligned at x (values) or centred on it (times); nothing where no font can be had. */
    private static void label(Graphics2D g, String text, int x, int y, boolean rightAligned) {
        try {
            g.setColor(new Color(0x57606a));
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
            int w = g.getFontMetrics().stringWidth(text);
            g.drawString(text, rightAligned ? x - w : x - w / 2, y);
        } catch (RuntimeException | Error e) {
            // no font in this JVM: the tick stays, its label does not
        } finally {
            g.setColor(new Color(0x8c959f));
        }
    }

    private static Path2D path(List<double[]> xy) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < xy.size(); i++) {
            if (i == 0) {
                path.moveTo(xy.get(i)[0], xy.get(i)[1]);
            } else {
                path.lineTo(xy.get(i)[0], xy.get(i)[1]);
            }
        }
        return path;
    }

    private static void line(Graphics2D g, ScorerChart chart, Color color, float width,
                             ToDoubleFunction<ScorerChart.Point> f, boolean score) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(path(chart.path(f, score)));
    }
}
