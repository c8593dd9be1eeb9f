package org.sdrnet.it.bench;

import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.it.bench.harness.FrozenEvaluation;
import org.sdrnet.it.bench.harness.RoutedComparison;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 4's table for two existing runs: for each downstream task, route among the SDR sub-nets and the unified model
 * on the task's training split, then evaluate the unified and the routed backbone (kNN and linear probe) on the test
 * split ({@link RoutedComparison}). {@code scripts/bench sdr-vs-unified} does the same after pretraining both itself.
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
        RoutedComparison comparison = new RoutedComparison(sdr, unified, router, FrozenEvaluation.defaults());
        List<RoutedComparison.TaskResult> results = new ArrayList<>();
        for (String id : tasks) {
            RoutedComparison.TaskResult r = comparison.compare(catalog.task(id, preset, seed));
            for (RoutedComparison.SplitResult s : r.splits()) {
                s.routing().writeJson(out.resolve(id + "-split" + s.split() + "-report.json"));
            }
            results.add(r);
            System.err.println("done " + id);
        }
        ResultsTable table = RoutedComparison.table(results, List.of(TaskEvaluation.KNN, TaskEvaluation.LINEAR));
        String md = "Preset " + preset.id() + ", score " + score + ", shortlist " + RoutingSettings.DEFAULT_SHORTLIST + ", seed " + seed
                + "\n\n" + table.toMarkdown() + "\n\n" + RoutedComparison.routingMarkdown(results);
        Files.writeString(out.resolve("table.md"), md);
        System.out.println(md);
    }
}
