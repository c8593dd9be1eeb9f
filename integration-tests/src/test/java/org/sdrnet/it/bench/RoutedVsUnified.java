package org.sdrnet.it.bench;

import ai.djl.Device;
import org.sdrnet.data.DataCatalog;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.Preset;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingOutcome;
import org.sdrnet.route.RoutingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4's table: for each downstream task, route among the SDR sub-nets and the unified model on the task's training
 * split, then evaluate the unified and the routed backbone (kNN and linear probe) on the test split. Tasks with several
 * splits (D8's 5 folds) are routed and evaluated per split and averaged.
 * <p>
 * Usage: {@code scripts/bench routed-vs-unified SDR_RUN UNIFIED_RUN [preset=small] [tasks=all] [score=knn] [out]}
 */
public final class RoutedVsUnified {
    private RoutedVsUnified() {
    }

    public static void main(String[] args) throws Exception {
        Path sdrDir = Path.of(args[0]);
        Path unifiedDir = Path.of(args[1]);
        Preset preset = Preset.parse(args.length > 2 ? args[2] : "small");
        DataCatalog catalog = DataCatalog.defaults();
        List<String> tasks = args.length > 3 && !args[3].equals("all") ? List.of(args[3].split(",")) : catalog.taskIds();
        String score = args.length > 4 ? args[4] : RoutingSettings.DEFAULT_SCORE;
        Path out = Path.of(args.length > 5 ? args[5] : "runs/bench/routed-vs-unified");
        Files.createDirectories(out);
        long seed = 42;

        SdrRun sdr = SdrRun.open(sdrDir);
        Path uc = Files.isDirectory(unifiedDir.resolve(TrainingLoop.CHECKPOINT_DIR)) ? unifiedDir.resolve(TrainingLoop.CHECKPOINT_DIR) : unifiedDir;
        Backbone unified = CheckpointStore.backbone(uc);
        Router router = new Router(RoutingSettings.defaults().withScore(score).withSeed(seed));
        ResultsTable table = new ResultsTable();
        StringBuilder routing = new StringBuilder("| task | split | choice | score of choice | unified score | candidates | routing s | images |\n"
                + "|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (String id : tasks) {
            DownstreamTask task = catalog.task(id, preset, seed);
            List<TaskEvaluation> routedEvals = new ArrayList<>();
            List<TaskEvaluation> unifiedEvals = new ArrayList<>();
            for (int s = 0; s < task.splits().size(); s++) {
                DownstreamTask.Split split = task.splits().get(s);
                DownstreamTask one = new DownstreamTask(id, task.description(), List.of(split));
                RoutingOutcome r = router.route(id, sdr, unified, split.train());
                r.report().writeJson(out.resolve(id + "-split" + s + "-report.json"));
                var chosen = r.report().chosen();
                double unifiedScore = r.report().candidates().stream().filter(c -> c.name().equals(org.sdrnet.route.RoutingReport.UNIFIED))
                        .mapToDouble(c -> c.score()).findFirst().orElse(Double.NaN);
                routing.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %d | %.1f | %d |%n", id, s, chosen.name(),
                        chosen.score(), unifiedScore, r.report().candidates().size(), r.report().totalSeconds(), r.report().imagesProcessed()));
                routedEvals.add(evaluate(r.chosenBackbone(), one));
                unifiedEvals.add(evaluate(unified, one));
            }
            for (String metric : List.of(TaskEvaluation.KNN, TaskEvaluation.LINEAR)) {
                table.put(id, task.description(), "unified", metric, mean(unifiedEvals, metric));
                table.put(id, task.description(), "routed", metric, mean(routedEvals, metric));
            }
            System.err.println("done " + id);
        }
        String md = "Preset " + preset.id() + ", score " + score + ", shortlist " + RoutingSettings.DEFAULT_SHORTLIST + ", seed " + seed
                + "\n\n" + table.toMarkdown() + "\n\n" + routing;
        Files.writeString(out.resolve("table.md"), md);
        System.out.println(md);
    }

    private static TaskEvaluation evaluate(Backbone b, DownstreamTask task) {
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(b, Device.cpu())) {
            return new FeatureEvaluator(fx::features, FeatureEvaluator.Protocol.defaults()).evaluate(task);
        }
    }

    private static double mean(List<TaskEvaluation> evals, String metric) {
        return evals.stream().mapToDouble(e -> e.accuracy().get(metric)).average().orElseThrow();
    }
}
