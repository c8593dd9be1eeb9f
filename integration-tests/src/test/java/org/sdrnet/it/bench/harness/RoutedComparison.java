package org.sdrnet.it.bench.harness;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingOutcome;
import org.sdrnet.route.RoutingReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Issue 4's comparison, for one downstream task: route among the sub-nets of an SDR run and the unified model on the
 * task's training split, then evaluate the routed and the unified backbone on the test split. A task with several
 * splits (D8's 5 folds) is routed and evaluated per split; its accuracy is the mean over splits.
 */
public final class RoutedComparison {
    /** Model names in the results table. */
    public static final String UNIFIED = "unified";
    public static final String ROUTED = "routed";

    /**
     * One split.
     *
     * @param split   split index
     * @param routing what routing did (training images only)
     * @param unified the unified model's test accuracies
     * @param routed  the routed backbone's test accuracies
     */
    public record SplitResult(int split, RoutingReport routing, TaskEvaluation unified, TaskEvaluation routed) {
        /** The unified model's routing score, NaN when it was not a candidate. */
        public double unifiedScore() {
            return routing.unified().map(RoutingReport.Candidate::score).orElse(Double.NaN);
        }
    }

    /** One task: its splits in order. */
    public record TaskResult(String taskId, String description, List<SplitResult> splits) {
        public TaskResult {
            splits = List.copyOf(splits);
        }

        /** Mean over splits of {@code metric} for the unified ({@code routed = false}) or routed backbone. */
        public double mean(boolean routed, String metric) {
            return splits.stream().mapToDouble(s -> (routed ? s.routed() : s.unified()).accuracy().get(metric)).average().orElseThrow();
        }

        /** Routing wall time summed over splits. */
        public double routingSeconds() {
            return splits.stream().mapToDouble(s -> s.routing().totalSeconds()).sum();
        }
    }

    private final SdrRun run;
    private final Backbone unified;
    private final Router router;
    private final FrozenEvaluation evaluation;
    private final ImageSet pool;

    /** A comparison whose router keeps the trained BatchNorm statistics. */
    public RoutedComparison(SdrRun run, Backbone unified, Router router, FrozenEvaluation evaluation) {
        this(run, unified, router, evaluation, null);
    }

    /** A comparison; {@code pool} is the SDR run's pool, needed when the router recalibrates BatchNorm. */
    public RoutedComparison(SdrRun run, Backbone unified, Router router, FrozenEvaluation evaluation, ImageSet pool) {
        this.pool = pool;
        this.run = Objects.requireNonNull(run, "run");
        this.unified = Objects.requireNonNull(unified, "unified");
        this.router = Objects.requireNonNull(router, "router");
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    }

    /** Routes and evaluates every split of {@code task}. */
    public TaskResult compare(DownstreamTask task) {
        List<SplitResult> results = new ArrayList<>();
        for (int s = 0; s < task.splits().size(); s++) {
            DownstreamTask.Split split = task.splits().get(s);
            DownstreamTask one = new DownstreamTask(task.id(), task.description(), List.of(split));
            RoutingOutcome r = router.route(task.id(), run, unified, split.train(), pool);
            results.add(new SplitResult(s, r.report(), evaluation.evaluate(unified, one), evaluation.evaluate(r.chosenBackbone(), one)));
        }
        return new TaskResult(task.id(), task.description(), results);
    }

    /** Unified and routed accuracies per task and metric, unified columns first. */
    public static ResultsTable table(List<TaskResult> results, List<String> metrics) {
        ResultsTable table = new ResultsTable();
        for (boolean routed : new boolean[] {false, true}) {
            for (TaskResult t : results) {
                for (String metric : metrics) {
                    table.put(t.taskId(), t.description(), routed ? ROUTED : UNIFIED, metric, t.mean(routed, metric));
                }
            }
        }
        return table;
    }

    /** One row per task and split: the choice, its score next to the unified model's, the cost. */
    public static String routingMarkdown(List<TaskResult> results) {
        StringBuilder sb = new StringBuilder("| task | split | choice | score of choice | unified score | candidates | routing s | images |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (TaskResult t : results) {
            for (SplitResult s : t.splits()) {
                RoutingReport r = s.routing();
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %d | %.1f | %d |%n", t.taskId(), s.split(),
                        r.choice(), r.chosen().score(), s.unifiedScore(), r.candidates().size(), r.totalSeconds(), r.imagesProcessed()));
            }
        }
        return sb.toString();
    }
}
