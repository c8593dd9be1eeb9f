package org.sdrnet.route;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link RoutingReport} as a bar chart (XChart): one bar per candidate in scoring order, the chosen one in a
 * second colour (two stacked series, each zero where the other has the bar), so a reader sees at a glance how far the
 * routed sub-net is from the unified model and from the other leaves.
 */
final class RoutingChart {
    private static final Color CANDIDATE = new Color(0x9E, 0xB7, 0xD6);
    private static final Color CHOSEN = new Color(0xD9, 0x5F, 0x0E);

    private RoutingChart() {
    }

    static byte[] png(RoutingReport r) {
        int width = Math.min(4000, Math.max(640, 48 * r.candidates().size() + 200));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(480)
                .title("Routing of " + r.taskId() + ": " + r.scoreName() + " score per candidate (chosen: " + r.choice() + ")")
                .xAxisTitle("candidate").yAxisTitle(r.scoreName() + " score").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        // candidate names are long ("leaf 0-3-1-2"): slant them beyond a handful, stand them up beyond a dozen
        int count = r.candidates().size();
        chart.getStyler().setXAxisLabelRotation(count > 12 ? 90 : count > 4 ? 45 : 0);
        chart.getStyler().setSeriesColors(new Color[] {CANDIDATE, CHOSEN});
        List<String> names = new ArrayList<>();
        List<Double> others = new ArrayList<>();
        List<Double> chosen = new ArrayList<>();
        for (RoutingReport.Candidate c : r.candidates()) {
            names.add(c.name());
            boolean isChoice = c.name().equals(r.choice());
            others.add(isChoice ? 0.0 : c.score());
            chosen.add(isChoice ? c.score() : 0.0);
        }
        chart.addSeries("candidates", names, others);
        chart.addSeries("chosen", names, chosen);
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the routing chart of task " + r.taskId(), e);
        }
    }
}
