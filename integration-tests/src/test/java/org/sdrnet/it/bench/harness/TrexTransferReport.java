package org.sdrnet.it.bench.harness;

import org.sdrnet.eval.TaskMetrics;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The files of {@code trex-transfer}: per seed {@code table.md}, {@code results.json} and {@code provenance.json}; over
 * seeds {@code seeds.md} and {@code seeds.json}: for every model the in-task and transfer aggregates (mean accuracy and
 * mean log-odds, {@link TaskMetrics}) as mean ± sd over seeds, the paired per-seed differences t-ReX − plain
 * cross-entropy and t-ReX − cosine classifier with their 95 % intervals ({@link SeedStats}), and with several projector
 * depths the trade-off table and {@value #CHART}. Every file is written atomically.
 */
public final class TrexTransferReport {
    public static final String CHART = "depth-tradeoff.png";
    public static final String SEEDS_MD = "seeds.md";
    public static final String SEEDS_JSON = "seeds.json";
    /** The four aggregates, in table order. */
    public static final List<String> AGGREGATES = List.of("inTaskAccuracy", "inTaskLogOdds", "transferAccuracy", "transferLogOdds");

    private TrexTransferReport() {
    }

    /** One model's aggregate {@code name} (one of {@link #AGGREGATES}) in one seed. */
    public static double aggregate(TrexTransferResults r, TrexTransferResults.ModelResult m, String name) {
        TaskMetrics.Aggregate in = m.aggregate(r.inTask());
        TaskMetrics.Aggregate tr = m.aggregate(r.transfer());
        return switch (name) {
            case "inTaskAccuracy" -> in.meanAccuracy();
            case "inTaskLogOdds" -> in.meanLogOdds();
            case "transferAccuracy" -> tr.meanAccuracy();
            case "transferLogOdds" -> tr.meanLogOdds();
            default -> throw new IllegalArgumentException("unknown aggregate '" + name + "'; available: " + AGGREGATES);
        };
    }

    /** Writes one seed's files into {@code dir}; returns them. */
    public static List<Path> write(Path dir, TrexTransferResults r, Map<String, Object> provenance) {
        List<Path> written = new ArrayList<>();
        written.add(writeString(dir.resolve(ResultFiles.TABLE), markdown(r)));
        written.add(writeString(dir.resolve(ResultFiles.RESULTS), json(r)));
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.put("budget", r.budget());
        p.put("seed", r.seed());
        p.put("command", r.command());
        written.add(writeString(dir.resolve(ResultFiles.PROVENANCE), json(p)));
        return written;
    }

    /** One seed as Markdown: the aggregates per model, then the linear probe per task. */
    public static String markdown(TrexTransferResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.experiment()).append(", seed ").append(r.seed()).append("\n\n");
        pipelineWarning(sb, r.budget());
        sb.append(String.format(Locale.ROOT, "Budget %s; pool %s; device %s; in-task %s; transfer %s.%n%n", r.budget().get("name"),
                r.pool(), r.device(), String.join(", ", r.inTask()), String.join(", ", r.transfer())));
        sb.append("Linear probe on frozen features: mean test accuracy (%) and mean log-odds log(p/(1−p)) over the in-task and "
                + "the transfer tasks.\n\n| model | h | in-task acc | in-task log-odds | transfer acc | transfer log-odds | steps "
                + "| training s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (TrexTransferResults.ModelResult m : r.models()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.1f | %.2f | %,d | %.0f |%n", m.model(), m.projectorDepth(),
                    100 * aggregate(r, m, "inTaskAccuracy"), aggregate(r, m, "inTaskLogOdds"), 100 * aggregate(r, m, "transferAccuracy"),
                    aggregate(r, m, "transferLogOdds"), m.steps(), m.trainingSeconds()));
        }
        sb.append("\nLinear probe per task (%):\n\n| model |");
        r.tasks().forEach(t -> sb.append(' ').append(t).append(r.inTask().contains(t) ? " (in-task)" : "").append(" |"));
        sb.append("\n|---|").append("---:|".repeat(r.tasks().size())).append('\n');
        for (TrexTransferResults.ModelResult m : r.models()) {
            sb.append("| ").append(m.model()).append(" |");
            r.tasks().forEach(t -> sb.append(String.format(Locale.ROOT, " %.1f |", 100 * m.accuracy().get(t))));
            sb.append('\n');
        }
        sb.append("\nPhases: ");
        r.phases().forEach(p -> sb.append(String.format(Locale.ROOT, "%s %.0f s; ", p.name(), p.seconds())));
        sb.append("\n\n`").append(r.command()).append("`\n");
        return sb.toString();
    }

    /**
     * Over seeds (same models and tasks in each): per model and aggregate, mean ± sd; per comparison (t-ReX at the
     * primary depth against plain CE and against the cosine classifier) and aggregate, the paired per-seed difference.
     */
    public static Map<String, Object> summary(List<TrexTransferResults> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds to summarise");
        }
        TrexTransferResults first = seeds.get(0);
        for (TrexTransferResults s : seeds) {
            if (!s.tasks().equals(first.tasks()) || !s.models().stream().map(TrexTransferResults.ModelResult::model).toList()
                    .equals(first.models().stream().map(TrexTransferResults.ModelResult::model).toList())) {
                throw new IllegalArgumentException("seed " + s.seed() + " has other tasks or models than seed " + first.seed());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiment", first.experiment());
        out.put("budget", first.budget());
        out.put("seeds", seeds.stream().map(TrexTransferResults::seed).toList());
        out.put("inTask", first.inTask());
        out.put("transfer", first.transfer());
        List<Map<String, Object>> models = new ArrayList<>();
        for (TrexTransferResults.ModelResult m : first.models()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", m.model());
            row.put("role", m.role());
            row.put("projectorDepth", m.projectorDepth());
            for (String a : AGGREGATES) {
                row.put(a, stats(seeds, s -> aggregate(s, s.model(m.model()), a)));
            }
            models.add(row);
        }
        out.put("models", models);
        String trex = TrexTransferExperiment.TREX + "-h" + TrexTransferExperiment.PRIMARY_DEPTH;
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (String other : List.of(TrexTransferExperiment.CE, TrexTransferExperiment.COSINE + "-h" + TrexTransferExperiment.PRIMARY_DEPTH)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("comparison", trex + " − " + other);
            for (String a : AGGREGATES) {
                row.put(a, stats(seeds, s -> aggregate(s, s.model(trex), a) - aggregate(s, s.model(other), a)));
            }
            comparisons.add(row);
        }
        out.put("differences", comparisons);
        return out;
    }

    private static SeedStats stats(List<TrexTransferResults> seeds, ToDoubleFunction<TrexTransferResults> value) {
        return SeedStats.of(seeds.stream().mapToDouble(value).toArray());
    }

    /** {@link #summary} as Markdown. */
    @SuppressWarnings("unchecked")
    public static String summaryMarkdown(List<TrexTransferResults> seeds, String command) {
        Map<String, Object> s = summary(seeds);
        Map<String, Object> budget = (Map<String, Object>) s.get("budget");
        StringBuilder sb = new StringBuilder("# trex-transfer over " + seeds.size() + " seed(s), budget " + budget.get("name")
                + "\n\n`" + command + "`\n\n");
        pipelineWarning(sb, budget);
        sb.append("Linear probe on frozen features, pretrained on ").append(seeds.get(0).pool()).append(". In-task: ")
                .append(String.join(", ", (List<String>) s.get("inTask"))).append("; transfer: ")
                .append(String.join(", ", (List<String>) s.get("transfer")))
                .append(". Accuracy in points, log-odds = mean over tasks of log(p/(1−p)); mean ± sd over seeds.\n\n"
                        + "| model | h | in-task acc | in-task log-odds | transfer acc | transfer log-odds |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        List<Map<String, Object>> models = (List<Map<String, Object>>) s.get("models");
        for (Map<String, Object> m : models) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", m.get("model"), m.get("projectorDepth"), cells(m, false)));
        }
        sb.append("\nPaired differences (per seed, then mean with its 95 % Student-t interval; an interval that excludes 0 "
                + "means a consistent difference):\n\n| difference | in-task acc | in-task log-odds | transfer acc | "
                + "transfer log-odds |\n|---|---:|---:|---:|---:|\n");
        for (Map<String, Object> d : (List<Map<String, Object>>) s.get("differences")) {
            sb.append(String.format(Locale.ROOT, "| %s | %s |%n", d.get("comparison"), cells(d, true)));
        }
        List<Map<String, Object>> depths = models.stream().filter(m -> TrexTransferExperiment.TREX.equals(m.get("role"))).toList();
        if (depths.size() > 1) {
            sb.append("\nProjector depth trade-off (t-ReX, prototypes): in-task against transfer, mean ± sd over seeds; chart "
                    + CHART + ".\n\n| h | in-task acc | transfer acc | transfer log-odds |\n|---:|---:|---:|---:|\n");
            depths.stream().sorted(java.util.Comparator.comparingInt(m -> (Integer) m.get("projectorDepth"))).forEach(m ->
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", m.get("projectorDepth"),
                            ((SeedStats) m.get("inTaskAccuracy")).meanSd(), ((SeedStats) m.get("transferAccuracy")).meanSd(),
                            ((SeedStats) m.get("transferLogOdds")).meanSdPlain())));
        }
        return sb.toString();
    }

    private static String cells(Map<String, Object> row, boolean difference) {
        List<String> cells = new ArrayList<>();
        for (String a : AGGREGATES) {
            SeedStats st = (SeedStats) row.get(a);
            boolean odds = a.endsWith("LogOdds");
            cells.add(difference ? (odds ? st.meanIntervalPlain() : st.meanInterval()) : (odds ? st.meanSdPlain() : st.meanSd()));
        }
        return String.join(" | ", cells);
    }

    /** Writes {@link #SEEDS_MD}, {@link #SEEDS_JSON} and, with several t-ReX depths, {@link #CHART} into {@code dir}. */
    @SuppressWarnings("unchecked")
    public static List<Path> writeSummary(Path dir, List<TrexTransferResults> seeds, String command) {
        List<Path> written = new ArrayList<>(List.of(writeString(dir.resolve(SEEDS_MD), summaryMarkdown(seeds, command)),
                writeString(dir.resolve(SEEDS_JSON), json(summary(seeds)))));
        List<Map<String, Object>> depths = ((List<Map<String, Object>>) summary(seeds).get("models")).stream()
                .filter(m -> TrexTransferExperiment.TREX.equals(m.get("role")))
                .sorted(java.util.Comparator.comparingInt(m -> (Integer) m.get("projectorDepth"))).toList();
        if (depths.size() > 1) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            series.put("in-task accuracy (%)", depths.stream().map(m -> 100 * ((SeedStats) m.get("inTaskAccuracy")).mean()).toList());
            series.put("transfer accuracy (%)", depths.stream().map(m -> 100 * ((SeedStats) m.get("transferAccuracy")).mean()).toList());
            List<Double> h = depths.stream().map(m -> ((Integer) m.get("projectorDepth")).doubleValue()).toList();
            Path chart = dir.resolve(CHART);
            AtomicFiles.writeBytes(chart, ExperimentCharts.lines("t-ReX projector depth: in-task vs transfer (linear probe, mean over "
                    + seeds.size() + " seed(s))", "projector depth h", "test accuracy (%)", h, series));
            written.add(chart);
        }
        return written;
    }

    private static void pipelineWarning(StringBuilder sb, Map<String, Object> budget) {
        if (Boolean.TRUE.equals(budget.get("pipelineCheck"))) {
            sb.append("**Pipeline check (budget ").append(budget.get("name")).append("): these numbers mean nothing.**\n\n");
        }
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
}
