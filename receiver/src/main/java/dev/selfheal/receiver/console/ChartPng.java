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
 * The scorer's chart as a PNG for PagerDuty's incident page: the same geometry as the console's
 * SVG ({@link ScorerChart}), drawn with Java2D, shapes only (no text, so no fonts are needed in
 * the image).
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
            g.setColor(new Color(0xe3e6ea));
            g.drawRect(0, chart.scoreTop(), chart.width() - 1, chart.scoreHeight());
            g.setColor(new Color(0xd1242f));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.drawLine(0, (int) chart.thresholdY(), chart.width(), (int) chart.thresholdY());
            line(g, chart, new Color(0x8a4fd1), 1.5f, ScorerChart.Point::score, true);
            g.setColor(new Color(0xe38b00));
            g.setStroke(new BasicStroke(2f));
            for (ScorerChart.PlacedMark m : chart.placedMarks()) {
                int x = (int) m.x();
                g.drawLine(x, 0, x, chart.height());
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
