package org.sdrnet.it.bench.harness;

import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.route.RoutingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders {@link SdrVsUnifiedResults} as {@code table.md}: the settings, routed vs unified per task with the routing
 * choices and costs, the negative-transfer table, the pretraining runs and the wall time of each phase. Headings start
 * at level 3 so the file can be included under a section of {@code docs/results.md}; images are linked relative to
 * the file (the include rewrites them).
 */
public final class ResultsMarkdown {
    private ResultsMarkdown() {
    }

    /** The Markdown; {@code provenance} ({@link Provenance#collect()}) gives the machine and code line. */
    public static String render(SdrVsUnifiedResults r, Map<String, Object> provenance) {
        StringBuilder md = new StringBuilder();
        Budget b = r.budget();
        md.append("### ").append(r.experiment().name()).append(", budget `").append(b.name()).append("`\n\n");
        if (b.pipelineCheck()) {
            md.append("**Pipeline check only: budget `").append(b.name()).append("` is too small for these numbers to mean anything.**\n\n");
        }
        md.append(String.format(Locale.ROOT, "%s. Backbone `%s`; pool %s (%s preset, %,d images per domain); %d epochs for every "
                        + "run (SDR splits them over its levels), batch %d, base lr %s; seed %d; device %s; routing score `%s`, "
                        + "shortlist %d. Produced by `%s`.%n%n",
                capitalise(r.experiment().question()), b.backbone(), r.pool(), b.preset().id(), b.poolPerDomain(), b.epochs(),
                b.batchSize(), trim(b.baseLr()), r.experiment().seed(), r.device(), r.experiment().routingScore(),
                RoutingSettings.DEFAULT_SHORTLIST, r.command()));
        md.append(machineLine(provenance)).append("\n\n");

        ResultsTable routed = r.routedTable();
        md.append("#### Routed sub-net vs unified model (test accuracy, %)\n\n").append(routed.toMarkdown()).append('\n');
        md.append(routedSummary(r)).append("\n\n");
        md.append("![accuracy per task](").append(ResultFiles.ACCURACY_CHART).append(")\n\n");

        md.append("#### Routing\n\nChosen candidate per task and split (scores on the task's training images only), "
                + "routing wall time and images passed through a network.\n\n");
        md.append(RoutedComparison.routingMarkdown(r.comparison())).append('\n');
        md.append("Scores of every candidate: ");
        List<String> charts = new ArrayList<>();
        for (RoutedComparison.TaskResult t : r.comparison()) {
            for (RoutedComparison.SplitResult s : t.splits()) {
                String chart = ResultFiles.routingChart(t.taskId(), s.split(), t.splits().size());
                charts.add("[" + t.taskId() + (t.splits().size() > 1 ? " split " + s.split() : "") + "](" + chart + ")");
            }
        }
        md.append(String.join(", ", charts)).append(".\n\n");

        if (!r.negativeTransfer().columns().isEmpty()) {
            md.append("#### Negative transfer: pretraining on one domain vs on all (linear probe, test accuracy, %)\n\n");
            md.append("Unified SimSiam with the same budget on each pool domain alone, and on all of them (the `unified` model "
                    + "above). Columns: ");
            List<String> legend = new ArrayList<>();
            new java.util.TreeMap<>(r.dataColumns()).forEach((col, what) -> legend.add("`" + col + "` " + what));
            md.append(String.join("; ", legend)).append(".\n\n");
            md.append(r.negativeTransfer().toMarkdown()).append('\n');
            md.append(negativeTransferSummary(r)).append("\n\n");
            md.append("![negative transfer](").append(ResultFiles.NEGATIVE_TRANSFER_CHART).append(")\n\n");
        }

        md.append("#### Pretraining runs\n\n| run | method | data | images | steps | this invocation | wall s | training s |\n"
                + "|---|---|---|---:|---:|---|---:|---:|\n");
        for (Pretraining.Outcome o : r.pretraining()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %s | %.0f | %.0f |%n", o.run(), o.method(), o.data(),
                    o.images(), o.steps(), o.start().name().toLowerCase(Locale.ROOT), o.wallSeconds(), o.trainingSeconds()));
        }
        md.append("\n\"training s\" is the time behind the logged steps of the run over every invocation (from its "
                + "`train-log.jsonl`); \"wall s\" is this invocation's, near zero for a reused run.\n\n");
        md.append("![loss curves](").append(ResultFiles.LOSS_CHART).append(")\n\n");

        md.append("#### Wall time per phase\n\n| phase | seconds |\n|---|---:|\n");
        for (Phases.Phase p : r.phases()) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f |%n", p.name(), p.seconds()));
        }
        md.append(String.format(Locale.ROOT, "| total | %.0f |%n", r.phases().stream().mapToDouble(Phases.Phase::seconds).sum()));
        return md.toString();
    }

    /** How often, and by how much on average, the routed backbone beats the unified one, per metric. */
    static String routedSummary(SdrVsUnifiedResults r) {
        List<String> parts = new ArrayList<>();
        int n = r.comparison().size();
        for (String metric : SdrVsUnifiedResults.METRICS) {
            int wins = 0;
            int losses = 0;
            double delta = 0;
            for (RoutedComparison.TaskResult t : r.comparison()) {
                double d = t.mean(true, metric) - t.mean(false, metric);
                wins += d > 0 ? 1 : 0;
                losses += d < 0 ? 1 : 0;
                delta += d;
            }
            parts.add(String.format(Locale.ROOT, "%s: routed better on %d of %d tasks, worse on %d, mean difference %+.1f points",
                    metric.equals(TaskEvaluation.KNN) ? "kNN" : "linear probe", wins, n, losses, 100 * delta / n));
        }
        long unifiedChosen = r.comparison().stream().flatMap(t -> t.splits().stream())
                .filter(s -> s.routing().chosen().isUnified()).count();
        long splits = r.comparison().stream().mapToLong(t -> t.splits().size()).sum();
        return String.join("; ", parts) + String.format(Locale.ROOT, ". Routing chose the unified model itself for %d of %d splits.",
                unifiedChosen, splits);
    }

    /** The tasks on which some single-domain model beats the all-domain model. */
    static String negativeTransferSummary(SdrVsUnifiedResults r) {
        ResultsTable.Data data = r.negativeTransfer().toData();
        String allHeader = new ResultsTable.Column(SdrVsUnifiedResults.ALL_DOMAINS, TaskEvaluation.LINEAR).header();
        List<String> beaten = new ArrayList<>();
        for (ResultsTable.Row row : data.rows()) {
            Double all = row.accuracy().get(allHeader);
            String best = null;
            double bestValue = all == null ? Double.NaN : all;
            for (Map.Entry<String, Double> e : row.accuracy().entrySet()) {
                if (!e.getKey().equals(allHeader) && e.getValue() > bestValue) {
                    best = e.getKey();
                    bestValue = e.getValue();
                }
            }
            if (best != null && all != null) {
                beaten.add(String.format(Locale.ROOT, "%s (%s %.1f vs all %.1f)", row.task(), best.substring(0, best.indexOf('/')),
                        100 * bestValue, 100 * all));
            }
        }
        return beaten.isEmpty()
                ? "No single-domain model beats the all-domain model on any task."
                : String.format(Locale.ROOT, "A single-domain model beats the all-domain model on %d of %d tasks: %s.", beaten.size(),
                data.rows().size(), String.join(", ", beaten));
    }

    /** Machine, JVM and commit, so that the wall times can be read. */
    static String machineLine(Map<String, Object> provenance) {
        Map<?, ?> machine = provenance.get("machine") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> java = provenance.get("java") instanceof Map<?, ?> j ? j : Map.of();
        Object commit = provenance.getOrDefault("gitCommit", Provenance.UNKNOWN);
        String shortCommit = commit.toString().length() >= 7 && !Provenance.UNKNOWN.equals(commit) ? commit.toString().substring(0, 7)
                : commit.toString();
        Object dirty = provenance.get("gitUncommittedChanges");
        return String.format(Locale.ROOT, "Machine: %s cores (%s), Java %s; commit %s%s; PyTorch threads %s.",
                machine.get("cores"), machine.get("cpuModel"), java.get("version"), shortCommit,
                Boolean.TRUE.equals(dirty) ? " with uncommitted changes" : "",
                provenance.getOrDefault("pytorchThreads", Provenance.UNKNOWN));
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String trim(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }
}
