package dev.turnengine.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the run's main latency distributions (p50 to max, logarithmic milliseconds) as a PNG, headless. */
final class LatencyChart {

    private static final String[] POINTS = {"p50", "p90", "p99", "p99.9", "max"};
    private static final List<Object[]> LINES = List.of(
            new Object[] {"first_delta.memory", "HTTP first delta, memory", new Color(31, 119, 180)},
            new Object[] {"first_delta.postgres", "HTTP first delta, PostgreSQL", new Color(255, 127, 14)},
            new Object[] {"jmh.first_delta.memory", "in-process first delta, memory", new Color(44, 160, 44)},
            new Object[] {"jmh.first_delta.postgres", "in-process first delta, PostgreSQL", new Color(148, 103, 189)},
            new Object[] {"fanout.memory", "fan-out delivery, memory", new Color(214, 39, 40)},
            new Object[] {"fanout.postgres", "fan-out delivery, PostgreSQL", new Color(140, 86, 75)},
            new Object[] {"journal.durable", "journal produced → durable", new Color(23, 190, 207)});

    private LatencyChart() {
    }

    /** Writes the chart: solid lines for 2 cores, dashed for 1 core. */
    static void write(Results results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (Object[] line : LINES) {
            for (String config : List.of("2cores", "1core")) {
                results.latency(line[0] + "." + config).ifPresent(p -> {
                    XYSeries series = new XYSeries(line[1] + (config.equals("1core") ? " (1 core)" : " (2 cores)"));
                    for (int i = 0; i < POINTS.length; i++) {
                        double value = p.at(POINTS[i]);
                        if (value > 0 && !Double.isNaN(value)) {
                            series.add(i, value);
                        }
                    }
                    int index = data.getSeriesCount();
                    data.addSeries(series);
                    renderer.setSeriesPaint(index, (Color) line[2]);
                    renderer.setSeriesStroke(index, config.equals("1core")
                            ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                            : new BasicStroke(2.5f));
                });
            }
        }
        LogAxis millis = new LogAxis("milliseconds (log scale)");
        millis.setSmallestValue(0.01);
        millis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten
        millis.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        XYPlot plot = new XYPlot(data, new SymbolAxis("percentile", POINTS), millis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Latency percentiles (solid: 2 cores, dashed: 1 core)", plot);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 640);
    }
}
