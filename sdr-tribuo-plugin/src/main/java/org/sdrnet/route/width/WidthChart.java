package org.sdrnet.route.width;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link WidthReport} (XChart): transfer score against measured ms per image at the budget's batch, one point
 * per width (its parameters in the legend), the chosen width in a second colour, and the latency budget as a vertical
 * line, so a reader sees what the budget gives up.
 */
final class WidthChart {
    private static final Color LINE = new Color(0xC8, 0xC8, 0xC8);
    private static final Color WIDTH = new Color(0x4C, 0x72, 0xB0);
    private static final Color CHOSEN = new Color(0xD9, 0x5F, 0x0E);
    private static final Color BUDGET = new Color(0xA0, 0x20, 0x20);

    private WidthChart() {
    }

    static byte[] png(WidthReport r) {
        int batch = r.budget().latencyBatch();
        XYChart chart = new XYChartBuilder().width(1000).height(520)
                .title("Width choice for " + r.taskId() + ": " + r.scoreName() + " score vs latency (budget: " + r.budget().describe() + ")")
                .xAxisTitle("ms per image, ONNX Runtime, batch " + batch).yAxisTitle(r.scoreName() + " score").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setMarkerSize(10);
        List<WidthCandidate> cs = r.candidates();
        double[] x = cs.stream().mapToDouble(c -> c.latency().msPerImage(batch)).toArray();
        double[] y = cs.stream().mapToDouble(c -> Double.isNaN(c.score()) ? 0 : c.score()).toArray();
        XYSeries line = chart.addSeries("widths, narrow to wide", x, y);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(LINE);
        for (int i = 0; i < cs.size(); i++) {
            WidthCandidate c = cs.get(i);
            boolean chosen = c.width() == r.choice();
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "x%s: %,d params%s%s", WidthChoice.plain(c.width()), c.params(),
                    c.fits() ? "" : " (over budget)", chosen ? " — chosen" : ""), new double[] {x[i]}, new double[] {y[i]});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(chosen ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            s.setMarkerColor(chosen ? CHOSEN : WIDTH);
        }
        if (r.budget().maxLatencyMs() != null) {
            double ms = r.budget().maxLatencyMs();
            double lo = java.util.Arrays.stream(y).min().orElse(0);
            double hi = java.util.Arrays.stream(y).max().orElse(1);
            XYSeries b = chart.addSeries(String.format(Locale.ROOT, "budget %.3f ms/image", ms), new double[] {ms, ms},
                    new double[] {lo, hi});
            b.setMarker(SeriesMarkers.NONE);
            b.setLineColor(BUDGET);
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the width chart of task " + r.taskId(), e);
        }
    }
}
