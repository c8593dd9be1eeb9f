package org.sdrnet.it.bench.harness;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.sdrnet.it.bench.harness.DspNetVsSeparateResults.DSPNET;
import static org.sdrnet.it.bench.harness.DspNetVsSeparateResults.SEPARATE;

/**
 * The files of {@code dspnet-vs-separate}: per seed {@code table.md}, {@code results.json}, {@code provenance.json} and
 * {@code accuracy-by-width.png}; over seeds {@code seeds.md} and {@code seeds.json} (per width and metric: each model's
 * task-mean over seeds as mean ± sd, the paired DSPNet − separate difference with its 95 % interval, and the cost of
 * both). Every file is written atomically.
 */
public final class DspNetVsSeparateReport {
    public static final String CHART = "accuracy-by-width.png";
    public static final String SEEDS_MD = "seeds.md";
    public static final String SEEDS_JSON = "seeds.json";
    private static final List<String> METRICS = List.of(TaskEvaluation.LINEAR, TaskEvaluation.KNN);

    private DspNetVsSeparateReport() {
    }

    /** Writes one seed's files into {@code dir}; returns them. */
    public static List<Path> write(Path dir, DspNetVsSeparateResults r, Map<String, Object> provenance) {
        List<Path> written = new ArrayList<>();
        written.add(writeString(dir.resolve(ResultFiles.TABLE), markdown(r)));
        written.add(writeString(dir.resolve(ResultFiles.RESULTS), json(r)));
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.put("budget", r.budget());
        p.put("seed", r.seed());
        p.put("command", r.command());
        written.add(writeString(dir.resolve(ResultFiles.PROVENANCE), json(p)));
        Path chart = dir.resolve(CHART);
        AtomicFiles.writeBytes(chart, chart(r));
        written.add(chart);
        return written;
    }

    /** One seed as Markdown: task-mean per width, per task (linear probe), and the cost table. */
    public static String markdown(DspNetVsSeparateResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.experiment()).append(", seed ").append(r.seed()).append("\n\n");
        if (Boolean.TRUE.equals(r.budget().get("pipelineCheck"))) {
            sb.append("**Pipeline check (budget ").append(r.budget().get("name")).append("): these numbers mean nothing.**\n\n");
        }
        sb.append(String.format(Locale.ROOT, "Budget %s; pool %s; device %s; tasks %s.%n%n", r.budget().get("name"), r.pool(),
                r.device(), String.join(", ", r.tasks())));
        sb.append("Test accuracy (%), mean over the tasks: each width of the one dspnet run vs a network of that width pretrained "
                + "on its own.\n\n| width | channels | dspnet linear | separate linear | Δ linear | dspnet kNN | separate kNN | Δ kNN |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (DspNetVsSeparateResults.WidthResult w : r.widths()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s |", w.width(), join(w.channels())));
            for (String m : METRICS) {
                double a = w.mean(DSPNET, m, r.tasks());
                double b = w.mean(SEPARATE, m, r.tasks());
                sb.append(String.format(Locale.ROOT, " %.1f | %.1f | %+.1f |", 100 * a, 100 * b, 100 * (a - b)));
            }
            sb.append('\n');
        }
        sb.append("\nLinear probe per task (%), dspnet / separate:\n\n| width |");
        r.tasks().forEach(t -> sb.append(' ').append(t).append(" |"));
        sb.append("\n|---:|").append("---:|".repeat(r.tasks().size())).append('\n');
        for (DspNetVsSeparateResults.WidthResult w : r.widths()) {
            sb.append("| ").append(w.width()).append(" |");
            for (String t : r.tasks()) {
                sb.append(String.format(Locale.ROOT, " %.1f / %.1f |", 100 * w.accuracy().get(DSPNET).get(TaskEvaluation.LINEAR).get(t),
                        100 * w.accuracy().get(SEPARATE).get(TaskEvaluation.LINEAR).get(t)));
            }
            sb.append('\n');
        }
        sb.append("\n").append(costTable(r.dspnetCost(), r.separateCost()));
        sb.append("\nPhases: ");
        r.phases().forEach(p -> sb.append(String.format(Locale.ROOT, "%s %.0f s; ", p.name(), p.seconds())));
        sb.append("\n\n`").append(r.command()).append("`\n");
        return sb.toString();
    }

    /** The cost of the dspnet run against each separate run and their total. */
    static String costTable(TrainingCost dspnet, List<TrainingCost> separate) {
        TrainingCost total = TrainingCost.total("separate, all widths", separate);
        StringBuilder sb = new StringBuilder("Training cost (image-views: one augmented view through one backbone, teacher "
                + "included; w²-weighted: the same in full-width equivalents, an estimate of multiply-adds; seconds from the "
                + "training logs):\n\n| run | steps | image-views | w²-weighted views | training s |\n|---|---:|---:|---:|---:|\n");
        List<TrainingCost> rows = new ArrayList<>();
        rows.add(dspnet);
        rows.addAll(separate);
        rows.add(total);
        for (TrainingCost c : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,.0f | %.1f |%n", c.run(), c.steps(), c.imageViews(),
                    c.weightedViews(), c.trainingSeconds()));
        }
        sb.append(String.format(Locale.ROOT, "%ndspnet / separate total: image-views %.0f %%, w²-weighted %.0f %%, training time %.0f %%.%n",
                100.0 * dspnet.imageViews() / total.imageViews(), 100 * dspnet.weightedViews() / total.weightedViews(),
                100 * dspnet.trainingSeconds() / Math.max(total.trainingSeconds(), 1e-9)));
        return sb.toString();
    }

    /** Grouped bars: per width, the task-mean accuracy of both models under both metrics. */
    static byte[] chart(DspNetVsSeparateResults r) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(480)
                .title(r.experiment() + ", seed " + r.seed() + ": mean test accuracy over " + String.join(",", r.tasks()))
                .xAxisTitle("width multiplier").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        List<String> labels = r.widths().stream().map(w -> "x" + w.width()).toList();
        for (String m : METRICS) {
            for (String model : List.of(DSPNET, SEPARATE)) {
                chart.addSeries(model + " " + m, labels, r.widths().stream().map(w -> 100 * w.mean(model, m, r.tasks())).toList());
            }
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the accuracy-by-width chart", e);
        }
    }

    /**
     * Over seeds (same widths and tasks in each): per width and metric, each model's task-mean as mean ± sd, the paired
     * per-seed difference DSPNet − separate with its 95 % interval ({@link SeedStats}); the mean cost ratios.
     */
    public static Map<String, Object> summary(List<DspNetVsSeparateResults> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds to summarise");
        }
        DspNetVsSeparateResults first = seeds.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", first.experiment());
        out.put("budget", first.budget());
        out.put("seeds", seeds.stream().map(DspNetVsSeparateResults::seed).toList());
        out.put("tasks", first.tasks());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < first.widths().size(); i++) {
            int k = i;
            for (String m : METRICS) {
                double[] a = seeds.stream().mapToDouble(s -> s.widths().get(k).mean(DSPNET, m, s.tasks())).toArray();
                double[] b = seeds.stream().mapToDouble(s -> s.widths().get(k).mean(SEPARATE, m, s.tasks())).toArray();
                double[] d = new double[a.length];
                for (int j = 0; j < a.length; j++) {
                    d[j] = a[j] - b[j];
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("width", first.widths().get(k).width());
                row.put("metric", m);
                row.put("dspnet", SeedStats.of(a));
                row.put("separate", SeedStats.of(b));
                row.put("difference", SeedStats.of(d));
                rows.add(row);
            }
        }
        out.put("accuracy", rows);
        out.put("imageViewsRatio", SeedStats.of(seeds.stream().mapToDouble(s ->
                (double) s.dspnetCost().imageViews() / s.separateTotal().imageViews()).toArray()));
        out.put("weightedViewsRatio", SeedStats.of(seeds.stream().mapToDouble(s ->
                s.dspnetCost().weightedViews() / s.separateTotal().weightedViews()).toArray()));
        out.put("trainingTimeRatio", SeedStats.of(seeds.stream().mapToDouble(s ->
                s.dspnetCost().trainingSeconds() / Math.max(s.separateTotal().trainingSeconds(), 1e-9)).toArray()));
        return out;
    }

    /** {@link #summary} as Markdown. */
    @SuppressWarnings("unchecked")
    public static String summaryMarkdown(List<DspNetVsSeparateResults> seeds, String command) {
        Map<String, Object> s = summary(seeds);
        StringBuilder sb = new StringBuilder("# dspnet-vs-separate over " + seeds.size() + " seed(s), budget "
                + ((Map<String, Object>) s.get("budget")).get("name") + "\n\n`" + command + "`\n\n");
        sb.append("Mean test accuracy over ").append(String.join(", ", (List<String>) s.get("tasks")))
                .append(" (points): mean ± sd over seeds; Δ = dspnet − separate, paired by seed, with its 95 % interval.\n\n"
                        + "| width | metric | dspnet | separate | Δ [95 % interval] |\n|---:|---|---:|---:|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) s.get("accuracy")) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.get("width"), row.get("metric"),
                    ((SeedStats) row.get("dspnet")).meanSd(), ((SeedStats) row.get("separate")).meanSd(),
                    ((SeedStats) row.get("difference")).meanInterval()));
        }
        sb.append(String.format(Locale.ROOT, "%nCost of the dspnet run as a share of the separate runs' total (mean ± sd over seeds): "
                        + "image-views %s %%, w²-weighted views %s %%, training time %s %%.%n",
                ((SeedStats) s.get("imageViewsRatio")).meanSd(), ((SeedStats) s.get("weightedViewsRatio")).meanSd(),
                ((SeedStats) s.get("trainingTimeRatio")).meanSd()));
        return sb.toString();
    }

    /** Writes {@link #SEEDS_MD} and {@link #SEEDS_JSON} into {@code dir}; returns them. */
    public static List<Path> writeSummary(Path dir, List<DspNetVsSeparateResults> seeds, String command) {
        return List.of(writeString(dir.resolve(SEEDS_MD), summaryMarkdown(seeds, command)),
                writeString(dir.resolve(SEEDS_JSON), json(summary(seeds))));
    }

    private static Path writeString(Path file, String text) {
        AtomicFiles.writeString(file, text);
        return file;
    }

    private static String json(Object o) {
        try {
            return Json.INDENTED.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise results", e);
        }
    }

    private static String join(List<Integer> xs) {
        return String.join("-", xs.stream().map(String::valueOf).toList());
    }
}
