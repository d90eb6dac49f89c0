package dev.taskledger.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;

/** The benchmark's PNG charts (JFreeChart, headless): W3 latency histograms, the warm-up curve, the soak. */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    /** Latency bins grow by this factor: 8 bins per doubling. */
    private static final double BIN_FACTOR = Math.pow(2, 1.0 / 8);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 4}, 0);
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** File names: lower case, words joined by '-'. */
    static String fileName(String... parts) {
        return String.join("-", parts).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-") + ".png";
    }

    /**
     * A histogram of create→handler-start latencies: tasks per bin on a logarithmic latency axis (bins 2^(1/8)
     * wide), with the p50 and p99 marked.
     */
    static Path latency(Path dir, String fileName, String title, Histogram micros) throws IOException {
        XYIntervalSeries bins = new XYIntervalSeries("tasks");
        double low = Math.max(1, micros.getMinValue()) / 1000.0;
        double binLow = Math.pow(BIN_FACTOR, Math.floor(Math.log(low) / Math.log(BIN_FACTOR)));
        double max = micros.getMaxValue() / 1000.0;
        long[] counts = new long[(int) Math.ceil(Math.log(max / binLow) / Math.log(BIN_FACTOR)) + 1];
        for (HistogramIterationValue v : micros.recordedValues()) {
            double ms = micros.medianEquivalentValue(v.getValueIteratedTo()) / 1000.0;
            int bin = (int) Math.floor(Math.log(ms / binLow) / Math.log(BIN_FACTOR));
            counts[Math.max(0, Math.min(counts.length - 1, bin))] += v.getCountAtValueIteratedTo();
        }
        for (int b = 0; b < counts.length; b++) {
            double from = binLow * Math.pow(BIN_FACTOR, b);
            double to = from * BIN_FACTOR;
            bins.add(Math.sqrt(from * to), from, to, counts[b], counts[b], counts[b]);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(bins);
        LogAxis x = logAxis("create → handler start (ms, log scale)", "#,##0.###");
        x.setSmallestValue(binLow);
        NumberAxis y = new NumberAxis("tasks per bin (bins 2^(1/8) wide)");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYBarRenderer bars = new XYBarRenderer();
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, COLORS[0]);
        bars.setDrawBarOutline(true);
        bars.setSeriesOutlinePaint(0, Color.WHITE);
        XYPlot plot = new XYPlot(data, x, y, bars);
        for (double p : new double[] {50, 99}) {
            double ms = micros.getValueAtPercentile(p) / 1000.0;
            plot.addDomainMarker(marker(ms, String.format(Locale.ROOT, "p%.0f %.2f ms", p, ms), COLORS[1], true));
        }
        return save(dir, fileName, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false));
    }

    /** The warm-up curve: W1 and W2 rates per slice against the tasks the server has run, with the 90%-of-warm lines. */
    static Path warmUpCurve(Path dir, String fileName, String title, WarmUpCurve.Result curve, int goalTasks) throws IOException {
        XYSeries w1 = new XYSeries("W1 bulk create (tasks/s)");
        XYSeries w2 = new XYSeries("W2 drain (tasks/s)");
        for (WarmUpCurve.Slice s : curve.slices()) {
            w1.add(s.tasks(), s.w1Rate());
            w2.add(s.tasks(), s.w2Rate());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(w1);
        data.addSeries(w2);
        NumberAxis x = new NumberAxis("tasks since the server started (end of each slice)");
        LogAxis y = logAxis("tasks/s (log scale; median of " + curve.trials() + " trial(s))", "#,##0");
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        lines.setSeriesPaint(0, COLORS[0]);
        lines.setSeriesPaint(1, COLORS[2]);
        XYPlot plot = new XYPlot(data, x, y, lines);
        plot.addRangeMarker(marker(WarmUpCurve.GOAL_SHARE * curve.warmW1(), "90% of warm W1", COLORS[0], false));
        plot.addRangeMarker(marker(WarmUpCurve.GOAL_SHARE * curve.warmW2(), "90% of warm W2", COLORS[2], false));
        plot.addDomainMarker(marker(goalTasks, String.format(Locale.ROOT, "goal: 90%% by %,d tasks", goalTasks), Color.GRAY, true));
        return save(dir, fileName, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** The soak: relation sizes (MiB) above, dead tuples below, against minutes since the start. */
    static Path soak(Path dir, String fileName, String title, List<Soak.Sample> samples) throws IOException {
        XYSeriesCollection sizes = new XYSeriesCollection();
        XYSeriesCollection dead = new XYSeriesCollection();
        for (String table : Soak.TABLES) {
            XYSeries total = new XYSeries(table + " (table + indexes)");
            XYSeries indexes = new XYSeries(table + " indexes");
            XYSeries deadTuples = new XYSeries(table + " dead tuples");
            for (Soak.Sample s : samples) {
                double minutes = s.seconds() / 60;
                total.add(minutes, s.values().getOrDefault(table + "_total_bytes", 0L) / 1048576.0);
                indexes.add(minutes, s.values().getOrDefault(table + "_index_bytes", 0L) / 1048576.0);
                deadTuples.add(minutes, s.values().getOrDefault(table + "_dead_tuples", 0L));
            }
            sizes.addSeries(total);
            sizes.addSeries(indexes);
            dead.addSeries(deadTuples);
        }
        XYLineAndShapeRenderer sizeLines = new XYLineAndShapeRenderer(true, false);
        XYLineAndShapeRenderer deadLines = new XYLineAndShapeRenderer(true, false);
        for (int t = 0; t < Soak.TABLES.size(); t++) {
            sizeLines.setSeriesPaint(2 * t, COLORS[t]);
            sizeLines.setSeriesPaint(2 * t + 1, COLORS[t]);
            sizeLines.setSeriesStroke(2 * t, new BasicStroke(2f));
            sizeLines.setSeriesStroke(2 * t + 1, DASHED);
            deadLines.setSeriesPaint(t, COLORS[t]);
            deadLines.setSeriesStroke(t, new BasicStroke(2f));
        }
        NumberAxis mib = new NumberAxis("size (MiB)");
        NumberAxis tuples = new NumberAxis("dead tuples (pg_stat_user_tables)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("minutes since the soak started"));
        plot.add(new XYPlot(sizes, null, mib, sizeLines), 3);
        plot.add(new XYPlot(dead, null, tuples, deadLines), 2);
        plot.setGap(12);
        return save(dir, fileName, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** A logarithmic axis with a tick at every power of 2, labelled as plain numbers. */
    private static LogAxis logAxis(String label, String format) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(2);
        axis.setTickUnit(new NumberTickUnit(1), false, false);
        axis.setAutoTickUnitSelection(false);
        axis.setNumberFormatOverride(new DecimalFormat(format));
        return axis;
    }

    /** A dashed line across the plot, labelled at its top (vertical) or its left end (horizontal). */
    private static ValueMarker marker(double value, String label, Color color, boolean vertical) {
        ValueMarker m = new ValueMarker(value, color, DASHED);
        m.setLabel(label);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        m.setLabelPaint(color);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        m.setLabelAnchor(vertical ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(vertical ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
        return m;
    }

    private static Path save(Path dir, String fileName, JFreeChart chart) throws IOException {
        Files.createDirectories(dir);
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        Path file = dir.resolve(fileName);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        BenchMain.log("chart: %s", file);
        return file;
    }
}
