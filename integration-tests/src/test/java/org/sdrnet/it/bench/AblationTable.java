package org.sdrnet.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sdrnet.it.bench.harness.SeedComparison;
import org.sdrnet.it.bench.harness.UsageError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line per {@code scripts/bench sdr-vs-unified} result directory (one ablation row each, usually one seed): the
 * D1–D8 mean of the unified model, the routed sub-net, the oracle (the best candidate per task on the test split,
 * analysis only) and the held-out oracle (chosen on one half of the test images, scored on the other: without the
 * best-of-many bias) for the linear probe and kNN; raw pixels and random init when the row has them; the routed − unified
 * difference, the number of tasks where routing lost more than one point (linear) and the worst task. Reads each
 * directory's {@value SeedComparison#FILE}, which the experiment writes with {@code --oracle} or {@code --baselines}.
 * <p>
 * Usage: {@code scripts/bench ablation RESULT_DIR...}; a row is named by its directory.
 */
public final class AblationTable {
    static final String USAGE = "usage: scripts/bench ablation RESULT_DIR...   (sdr-vs-unified result directories, "
            + "run with --oracle and/or --baselines)";
    private static final String[] MODELS = {"unified", "routed", "oracle", "oracle-heldout", "pixels", "random-init"};
    private static final String[] METRICS = {"linear", "knn"};

    private AblationTable() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            throw UsageError.exit("ablation", "needs at least one result directory", USAGE);
        }
        try {
            List<Row> rows = new ArrayList<>();
            for (String a : args) {
                rows.add(read(Path.of(a)));
            }
            System.out.print(markdown(rows));
        } catch (IllegalArgumentException e) {
            throw UsageError.exit("ablation", e.getMessage(), USAGE);
        }
    }

    /** One ablation row: model/metric → accuracy per task, in file order. */
    record Row(String name, List<String> tasks, Map<String, List<Double>> accuracy) {
        double mean(String column) {
            List<Double> v = accuracy.get(column);
            return v == null ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** routed − unified per task, for {@code metric}. */
        double[] gains(String metric) {
            List<Double> r = accuracy.get("routed/" + metric);
            List<Double> u = accuracy.get("unified/" + metric);
            double[] g = new double[tasks.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.get(i) - u.get(i);
            }
            return g;
        }
    }

    static Row read(Path dir) {
        Path file = dir.resolve(SeedComparison.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " holds no " + SeedComparison.FILE
                    + " (not an sdr-vs-unified result directory, or run without --oracle/--baselines)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not readable JSON: " + e.getMessage());
        }
        List<String> tasks = new ArrayList<>();
        Map<String, List<Double>> acc = new LinkedHashMap<>();
        for (JsonNode row : root.path("rows")) {
            tasks.add(row.path("task").asText());
            row.path("accuracy").fields().forEachRemaining(e ->
                    acc.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().asDouble()));
        }
        if (tasks.isEmpty() || !acc.containsKey("routed/linear") || !acc.containsKey("unified/linear")) {
            throw new IllegalArgumentException(file + " holds no routed and unified accuracies");
        }
        for (Map.Entry<String, List<Double>> e : acc.entrySet()) {
            if (e.getValue().size() != tasks.size()) {
                throw new IllegalArgumentException(file + ": column " + e.getKey() + " has " + e.getValue().size()
                        + " tasks of " + tasks.size());
            }
        }
        return new Row(dir.getFileName().toString(), List.copyOf(tasks), acc);
    }

    static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| row |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String metric : METRICS) {
            for (String model : MODELS) {
                sb.append(' ').append(model).append(' ').append(metric).append(" |");
                rule.append("---:|");
            }
        }
        sb.append(" routed − unified, linear | kNN | tasks < −1 (linear) | worst task (linear) |\n");
        rule.append("---:|---:|---:|---|\n");
        sb.append(rule);
        for (Row r : rows) {
            sb.append("| ").append(r.name()).append(" |");
            for (String metric : METRICS) {
                for (String model : MODELS) {
                    double m = r.mean(model + "/" + metric);
                    sb.append(Double.isNaN(m) ? " – |" : String.format(Locale.ROOT, " %.1f |", 100 * m));
                }
            }
            double[] lin = r.gains("linear");
            int worst = 0;
            int losses = 0;
            for (int i = 0; i < lin.length; i++) {
                worst = lin[i] < lin[worst] ? i : worst;
                losses += lin[i] < -0.01 ? 1 : 0;
            }
            sb.append(String.format(Locale.ROOT, " %+.1f | %+.1f | %d | %s %+.1f |%n", 100 * (r.mean("routed/linear") - r.mean("unified/linear")),
                    100 * (r.mean("routed/knn") - r.mean("unified/knn")), losses, r.tasks().get(worst), 100 * lin[worst]));
        }
        sb.append(String.format(Locale.ROOT, "%nMeans over %s; accuracies in %%; oracle = best candidate per task on the test split "
                + "(analysis only, never a way to choose); held-out oracle = chosen on one half of the test images, scored on the other.%n", String.join(", ", rows.get(0).tasks())));
        return sb.toString();
    }
}
