package dev.turnengine.benchmarks.report;

import dev.turnengine.benchmarks.stats.Percentiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws latency percentile curves (p50 to max, logarithmic milliseconds) as a PNG with plain Java 2D, so no
 * plotting library is needed; runs headless.
 */
public final class LatencyChart {

    /** One curve: a name, a colour, dashed or not, and its distribution. */
    public record Series(String name, Color color, boolean dashed, Percentiles percentiles) {
    }

    private static final List<String> POINTS = List.of("p50", "p90", "p99", "p99.9", "max");
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 640;
    private static final int LEFT = 80;
    private static final int RIGHT = 360;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;

    private LatencyChart() {
    }

    /** Writes the chart of {@code series} to {@code file}. */
    public static void write(String title, List<Series> series, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double min = 0.01;
        double max = 10;
        for (Series s : series) {
            for (String point : POINTS) {
                double value = s.percentiles().at(point);
                if (value > 0 && !Double.isNaN(value)) {
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
        }
        double logMin = Math.floor(Math.log10(min));
        double logMax = Math.ceil(Math.log10(max));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, 35);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double decade = logMin; decade <= logMax; decade++) {
            int y = TOP + plotHeight - (int) ((decade - logMin) / (logMax - logMin) * plotHeight);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String label = formatMillis(Math.pow(10, decade));
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y + 5);
        }
        for (int i = 0; i < POINTS.size(); i++) {
            int x = LEFT + i * plotWidth / (POINTS.size() - 1);
            g.setColor(new Color(235, 235, 235));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = POINTS.get(i);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotHeight + 22);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.drawString("milliseconds (log scale)", 10, TOP - 12);
        g.drawString("percentile", LEFT + plotWidth / 2 - 30, HEIGHT - 15);

        int legendY = TOP + 10;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed()
                    ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                    : new BasicStroke(2.5f));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < POINTS.size(); i++) {
                double value = s.percentiles().at(POINTS.get(i));
                if (!(value > 0)) {
                    previousX = -1;
                    continue;
                }
                int x = LEFT + i * plotWidth / (POINTS.size() - 1);
                int y = TOP + plotHeight - (int) ((Math.log10(value) - logMin) / (logMax - logMin) * plotHeight);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
            g.drawLine(LEFT + plotWidth + 20, legendY, LEFT + plotWidth + 60, legendY);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), LEFT + plotWidth + 68, legendY + 5);
            legendY += 22;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static String formatMillis(double value) {
        return value >= 1 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%s", value);
    }
}
