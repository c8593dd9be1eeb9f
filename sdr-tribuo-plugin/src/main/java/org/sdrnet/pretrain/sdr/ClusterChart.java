package org.sdrnet.pretrain.sdr;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws one level of a {@link ClusterReport} as a stacked bar chart (XChart): a bar per cluster, a colour per domain. */
final class ClusterChart {
    private ClusterChart() {
    }

    static byte[] png(ClusterReport.LevelTable t, int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("chart must be at least 100 x 100 px, got " + width + " x " + height);
        }
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
                .title(String.format(Locale.ROOT, "Level-%d clusters by domain (purity %.3f)", t.level(), t.purity()))
                .xAxisTitle("level-" + t.level() + " cluster").yAxisTitle("images").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (int d = 0; d < t.domains().size(); d++) {
            List<Integer> counts = new ArrayList<>();
            for (int[] row : t.counts()) {
                counts.add(row[d]);
            }
            chart.addSeries(t.domains().get(d), t.clusters(), counts);
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the level-" + t.level() + " cluster chart", e);
        }
    }
}
