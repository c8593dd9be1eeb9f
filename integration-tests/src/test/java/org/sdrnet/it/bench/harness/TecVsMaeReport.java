package org.sdrnet.it.bench.harness;

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

/**
 * The files of {@code tec-vs-mae}: per seed {@code table.md}, {@code results.json} and {@code provenance.json}; over seeds
 * {@value #SEEDS_MD} and {@value #SEEDS_JSON}: each model's mean linear-probe accuracy over the tasks as mean ± sd over
 * seeds, and the paired per-seed differences TEC − MAE base, TEC − MAE continued and MAE continued − MAE base with 95 %
 * intervals ({@link SeedStats}). Every file is written atomically.
 */
public final class TecVsMaeReport {
    public static final String SEEDS_MD = "seeds.md";
    public static final String SEEDS_JSON = "seeds.json";
    /** The paired comparisons: name → (model A, model B), reported as A − B. */
    public static final Map<String, List<String>> COMPARISONS = comparisons();

    private TecVsMaeReport() {
    }

    private static Map<String, List<String>> comparisons() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("tec - mae-base", List.of(TecVsMaeExperiment.TEC, TecVsMaeExperiment.BASE));
        m.put("tec - mae-more", List.of(TecVsMaeExperiment.TEC, TecVsMaeExperiment.MORE));
        m.put("mae-more - mae-base", List.of(TecVsMaeExperiment.MORE, TecVsMaeExperiment.BASE));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Writes one seed's files into {@code dir}; returns them. */
    public static List<Path> write(Path dir, TecVsMaeResults r, Map<String, Object> provenance) {
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

    /** One seed as Markdown: mean accuracy and cost per model, then the accuracy per task. */
    public static String markdown(TecVsMaeResults r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.experiment()).append(", seed ").append(r.seed()).append("\n\n");
        pipelineWarning(sb, r.budget());
        sb.append(String.format(Locale.ROOT, "Budget %s; pool %s; %s; device %s; base E = %d epochs, student and continued MAE "
                + "E' = %d epochs.%n%n", r.budget().get("name"), r.pool(), r.backbone(), r.device(), r.baseEpochs(), r.extraEpochs()));
        sb.append("Linear probe on frozen features, mean test accuracy (%) over ").append(String.join(", ", r.tasks()))
                .append(".\n\n| model | own epochs | epochs in total | mean acc | steps | training s |\n|---|---:|---:|---:|---:|---:|\n");
        for (TecVsMaeResults.ModelResult m : r.models()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %,d | %.0f |%n", m.model(), m.epochs(), m.totalEpochs(),
                    100 * m.meanAccuracy(r.tasks()), m.steps(), m.trainingSeconds()));
        }
        sb.append("\nLinear probe per task (%):\n\n| model |");
        r.tasks().forEach(t -> sb.append(' ').append(t).append(" |"));
        sb.append("\n|---|").append("---:|".repeat(r.tasks().size())).append('\n');
        for (TecVsMaeResults.ModelResult m : r.models()) {
            sb.append("| ").append(m.model()).append(" |");
            r.tasks().forEach(t -> sb.append(String.format(Locale.ROOT, " %.1f |", 100 * m.accuracy().get(t))));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Mean ± sd over seeds per model and the paired differences, as plain values (for {@value #SEEDS_JSON}). */
    public static Map<String, Object> summary(List<TecVsMaeResults> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds to summarise");
        }
        List<String> tasks = seeds.get(0).tasks();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seeds", seeds.stream().map(TecVsMaeResults::seed).toList());
        out.put("tasks", tasks);
        Map<String, Object> models = new LinkedHashMap<>();
        for (TecVsMaeResults.ModelResult m : seeds.get(0).models()) {
            models.put(m.model(), stats(SeedStats.of(seeds.stream().mapToDouble(s -> s.model(m.model()).meanAccuracy(tasks)).toArray())));
        }
        out.put("meanAccuracy", models);
        Map<String, Object> diffs = new LinkedHashMap<>();
        COMPARISONS.forEach((name, ab) -> diffs.put(name, stats(difference(seeds, ab.get(0), ab.get(1)))));
        out.put("pairedDifferences", diffs);
        return out;
    }

    /** Per seed, mean accuracy of {@code a} minus that of {@code b}. */
    static SeedStats difference(List<TecVsMaeResults> seeds, String a, String b) {
        return SeedStats.of(seeds.stream().mapToDouble(s -> s.model(a).meanAccuracy(s.tasks()) - s.model(b).meanAccuracy(s.tasks()))
                .toArray());
    }

    private static Map<String, Object> stats(SeedStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.n());
        m.put("mean", s.mean());
        m.put("sd", s.sd());
        m.put("low95", s.n() > 1 ? s.low() : null);
        m.put("high95", s.n() > 1 ? s.high() : null);
        return m;
    }

    /** The seeds as Markdown: the table of mean accuracies and the paired differences. */
    public static String summaryMarkdown(List<TecVsMaeResults> seeds, String command) {
        List<String> tasks = seeds.get(0).tasks();
        StringBuilder sb = new StringBuilder("# tec-vs-mae over ").append(seeds.size()).append(seeds.size() == 1 ? " seed" : " seeds")
                .append("\n\n");
        pipelineWarning(sb, seeds.get(0).budget());
        sb.append("Mean linear-probe accuracy (%) over ").append(String.join(", ", tasks)).append(", mean ± sd over seeds ")
                .append(seeds.stream().map(s -> Long.toString(s.seed())).toList()).append(".\n\n| model | mean acc |\n|---|---:|\n");
        for (TecVsMaeResults.ModelResult m : seeds.get(0).models()) {
            sb.append("| ").append(m.model()).append(" | ")
                    .append(SeedStats.of(seeds.stream().mapToDouble(s -> s.model(m.model()).meanAccuracy(tasks)).toArray()).meanSd())
                    .append(" |\n");
        }
        sb.append("\nPaired differences per seed (points), mean and 95 % interval:\n\n| comparison | difference |\n|---|---:|\n");
        COMPARISONS.forEach((name, ab) -> sb.append("| ").append(name).append(" | ")
                .append(difference(seeds, ab.get(0), ab.get(1)).meanInterval()).append(" |\n"));
        sb.append("\nCommand: `").append(command).append("`\n");
        return sb.toString();
    }

    /** Writes {@value #SEEDS_MD} and {@value #SEEDS_JSON} into {@code dir}; returns them. */
    public static List<Path> writeSummary(Path dir, List<TecVsMaeResults> seeds, String command) {
        return List.of(writeString(dir.resolve(SEEDS_MD), summaryMarkdown(seeds, command)),
                writeString(dir.resolve(SEEDS_JSON), json(summary(seeds))));
    }

    private static void pipelineWarning(StringBuilder sb, Map<String, Object> budget) {
        if (Boolean.TRUE.equals(budget.get("pipelineCheck"))) {
            sb.append("**Pipeline check only: budget '").append(budget.get("name")).append("' is too small for its numbers to mean "
                    + "anything.**\n\n");
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
