package org.sdrnet.it.bench.harness;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sdrnet.eval.ResultsTable;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment's PNG charts (XChart): loss curves over image-views, accuracy per task as grouped bars, and plain lines
 * over a setting (e.g. t-ReX's projector depth).
 */
public final class ExperimentCharts {
    private ExperimentCharts() {
    }

    /**
     * One line per training run (an SDR run gives one per level, each continuing where the previous level stopped),
     * SimSiam loss against image-views seen (two views per image).
     *
     * @param runs      line name → its training logs in order (several for an SDR run's levels)
     * @param batchSize images per step, the same for every run
     */
    public static byte[] lossCurves(String title, Map<String, List<TrainLog>> runs, int batchSize) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title)
                .xAxisTitle("image-views (2 views per image)").yAxisTitle("SimSiam loss").build();
        style(chart.getStyler());
        // below the plot: inside, the legend would hide the last points of the curves
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        boolean any = false;
        for (Map.Entry<String, List<TrainLog>> run : runs.entrySet()) {
            List<TrainLog> logs = run.getValue();
            long offset = 0;
            for (int i = 0; i < logs.size(); i++) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (TrainLog.Point p : logs.get(i).points()) {
                    if (Double.isFinite(p.loss())) {
                        x.add(2.0 * batchSize * (offset + p.step()));
                        y.add(p.loss());
                    }
                }
                offset += logs.get(i).lastStep();
                if (!x.isEmpty()) {
                    String name = logs.size() > 1 ? run.getKey() + " level " + i : run.getKey();
                    // a short run logs a level only once or twice: show its points, or the line would be invisible
                    chart.addSeries(name, x, y).setMarker(x.size() < 3 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                    any = true;
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no finite loss in any training log for chart '" + title + "'");
        }
        return png(chart, title);
    }

    /** Grouped bars: one group per task, one bar per column of {@code table}, accuracies in percent. */
    public static byte[] accuracyBars(String title, ResultsTable table) {
        ResultsTable.Data data = table.toData();
        List<String> tasks = data.rows().stream().map(ResultsTable.Row::task).toList();
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(700, 110 * tasks.size() + 200)).height(480).title(title)
                .xAxisTitle("task").yAxisTitle("test accuracy (%)").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (ResultsTable.Column c : data.columns()) {
            List<Double> values = new ArrayList<>();
            for (ResultsTable.Row r : data.rows()) {
                Double v = r.accuracy().get(c.header());
                values.add(v == null ? 0.0 : 100 * v);
            }
            series.put(c.header(), values);
        }
        series.forEach((name, values) -> chart.addSeries(name, tasks, values));
        return png(chart, title);
    }

    /** One line with markers per series over the same x values (e.g. accuracy against projector depth). */
    public static byte[] lines(String title, String xTitle, String yTitle, List<Double> x, Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE));
        return png(chart, title);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
    }

    private static byte[] png(Chart<?, ?> chart, String title) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render chart '" + title + "'", e);
        }
    }
}
