package org.sdrnet.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sdrnet.it.bench.harness.SeedStats;
import org.sdrnet.it.bench.harness.UsageError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Summarises the same evaluation run with several seeds: {@code sdr eval --json} files, one per seed. A model's name is
 * its column's model with a trailing {@code -s<N>} removed (run directories named {@code recipe-s1}, {@code recipe-s2}
 * … are one model). Prints, per metric, each model's mean over the tasks per seed with mean ± sd, the paired difference
 * of every model against each one after it (per-seed differences of the task means, with a 95 % Student-t interval),
 * and per task each model's mean ± sd and the paired difference of the first two models.
 * <p>
 * Usage: {@code scripts/bench seeds EVAL_JSON...}
 */
public final class SeedSummary {
    SeedSummary() {
    }

    /** model → metric → task → one accuracy per seed, in file order. */
    private final Map<String, Map<String, Map<String, List<Double>>>> cells = new LinkedHashMap<>();
    private final Set<String> tasks = new LinkedHashSet<>();

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw UsageError.exit("seeds", "needs at least one file", "usage: scripts/bench seeds EVAL_JSON...   (sdr eval --json files, one per seed)");
        }
        SeedSummary s = new SeedSummary();
        try {
            for (String a : args) {
                s.read(Path.of(a));
            }
            System.out.print(s.markdown(args.length));
        } catch (IllegalArgumentException e) {
            throw UsageError.exit("seeds", e.getMessage(), null);
        }
    }

    static String modelName(String column) {
        return column.replaceFirst("-s\\d+$", "");
    }

    void read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no evaluation file " + file);
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Set<String> fileTasks = new LinkedHashSet<>();
        for (JsonNode row : root.path("rows")) {
            String task = row.path("task").asText();
            fileTasks.add(task);
            row.path("accuracy").fields().forEachRemaining(e -> {
                String header = e.getKey();
                int slash = header.lastIndexOf('/');
                String model = modelName(header.substring(0, slash));
                String metric = header.substring(slash + 1);
                cells.computeIfAbsent(model, k -> new LinkedHashMap<>()).computeIfAbsent(metric, k -> new LinkedHashMap<>())
                        .computeIfAbsent(task, k -> new ArrayList<>()).add(e.getValue().asDouble());
            });
        }
        if (fileTasks.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no rows (not an sdr eval --json file?)");
        }
        if (!tasks.isEmpty() && !tasks.equals(fileTasks)) {
            throw new IllegalArgumentException(file + " evaluates tasks " + fileTasks + ", the first file " + tasks);
        }
        tasks.addAll(fileTasks);
    }

    /** Per seed, the mean over tasks of one model and metric. */
    private double[] taskMeans(String model, String metric, int seeds) {
        Map<String, List<Double>> byTask = cells.get(model).get(metric);
        double[] means = new double[seeds];
        for (String t : tasks) {
            List<Double> v = byTask.get(t);
            if (v == null || v.size() != seeds) {
                throw new IllegalArgumentException(model + "/" + metric + " on " + t + " has " + (v == null ? 0 : v.size())
                        + " values for " + seeds + " seed files");
            }
            for (int i = 0; i < seeds; i++) {
                means[i] += v.get(i) / tasks.size();
            }
        }
        return means;
    }

    String markdown(int seeds) {
        StringBuilder md = new StringBuilder();
        List<String> models = new ArrayList<>(cells.keySet());
        Set<String> metrics = new LinkedHashSet<>();
        cells.values().forEach(m -> metrics.addAll(m.keySet()));
        md.append(String.format(Locale.ROOT, "%d seeds; tasks %s; accuracy in points.%n", seeds, String.join(", ", tasks)));
        for (String metric : metrics) {
            md.append(String.format(Locale.ROOT, "%n### %s: mean over the %d tasks%n%n| model |", metric, tasks.size()));
            for (int i = 1; i <= seeds; i++) {
                md.append(" seed file ").append(i).append(" |");
            }
            md.append(" mean ± sd |\n|---|").append("---:|".repeat(seeds + 1)).append('\n');
            Map<String, double[]> means = new LinkedHashMap<>();
            for (String m : models) {
                if (cells.get(m).containsKey(metric)) {
                    double[] v = taskMeans(m, metric, seeds);
                    means.put(m, v);
                    md.append("| ").append(m).append(" |");
                    for (double x : v) {
                        md.append(String.format(Locale.ROOT, " %.1f |", 100 * x));
                    }
                    md.append(' ').append(SeedStats.of(v).meanSd()).append(" |\n");
                }
            }
            List<String> present = new ArrayList<>(means.keySet());
            if (present.size() > 1) {
                md.append(String.format(Locale.ROOT, "%n| paired difference (per seed) | mean [95 %% interval] |%n|---|---:|%n"));
                for (int a = 0; a < present.size(); a++) {
                    for (String other : present.subList(a + 1, present.size())) {
                        md.append("| ").append(present.get(a)).append(" − ").append(other).append(" | ")
                                .append(SeedStats.of(difference(means.get(present.get(a)), means.get(other))).meanInterval())
                                .append(" |\n");
                    }
                }
            }
            boolean paired = present.size() > 1;
            md.append(String.format(Locale.ROOT, "%n| task |"));
            present.forEach(m -> md.append(' ').append(m).append(" |"));
            if (paired) {
                md.append(' ').append(present.get(0)).append(" − ").append(present.get(1)).append(" |");
            }
            md.append("\n|---|").append("---:|".repeat(present.size() + (paired ? 1 : 0))).append('\n');
            for (String t : tasks) {
                md.append("| ").append(t).append(" |");
                for (String m : present) {
                    md.append(' ').append(SeedStats.of(values(m, metric, t)).meanSd()).append(" |");
                }
                if (paired) {
                    md.append(' ').append(SeedStats.of(difference(values(present.get(0), metric, t),
                            values(present.get(1), metric, t))).meanInterval()).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private double[] values(String model, String metric, String task) {
        return cells.get(model).get(metric).get(task).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
