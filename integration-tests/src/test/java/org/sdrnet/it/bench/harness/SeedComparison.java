package org.sdrnet.it.bench.harness;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.PixelFeatures;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;

import java.nio.file.Path;
import java.util.Map;

/**
 * One seed's row set for {@code scripts/bench sdr-vs-unified --seeds}: per task and metric the routed and unified test
 * accuracies, and on request the oracle ({@link BestCandidate}, analysis only), raw normalised pixels and a randomly
 * initialised backbone of the same architecture, all under the experiment's evaluation protocol. Written as
 * {@value #FILE} in the format of {@code sdr eval --json}, so {@code scripts/bench seeds} summarises the seeds.
 */
public final class SeedComparison {
    public static final String FILE = "comparison.json";
    public static final String ROUTED = RoutedComparison.ROUTED;
    public static final String UNIFIED = RoutedComparison.UNIFIED;
    public static final String ORACLE = "oracle";
    /** The held-out oracle ({@link BestCandidate}): chosen on one half of the test images, scored on the other. */
    public static final String ORACLE_HELD_OUT = "oracle-heldout";
    public static final String PIXELS = "pixels";
    public static final String RANDOM_INIT = "random-init";

    private SeedComparison() {
    }

    /**
     * The table for {@code results}, whose runs are in {@code experimentRuns}; {@code tasks} by id as the experiment
     * loaded them.
     */
    public static ResultsTable table(SdrVsUnifiedResults results, SdrVsUnifiedExperiment experimentRuns,
                                     Map<String, DownstreamTask> tasks, FrozenEvaluation evaluation, boolean oracle,
                                     boolean baselines) {
        ResultsTable table = new ResultsTable();
        SdrRun run = oracle ? experimentRuns.sdrRun() : null;
        Backbone unified = oracle ? experimentRuns.unifiedBackbone() : null;
        Router router = oracle ? experimentRuns.router() : null;
        ImageSet pool = oracle ? experimentRuns.poolForRouting() : null;
        Backbone random = baselines ? Backbone.randomInit(results.budget().backboneSpec(), results.experiment().seed()) : null;
        for (RoutedComparison.TaskResult t : results.comparison()) {
            for (String metric : SdrVsUnifiedResults.METRICS) {
                table.put(t.taskId(), t.description(), ROUTED, metric, t.mean(true, metric));
                table.put(t.taskId(), t.description(), UNIFIED, metric, t.mean(false, metric));
            }
            DownstreamTask task = tasks.get(t.taskId());
            if (oracle) {
                System.err.println("[bench]   oracle: every candidate on " + t.taskId() + "'s test split");
                BestCandidate.Oracle o = BestCandidate.of(t, task, run, unified, evaluation, router, pool);
                o.best().forEach((metric, acc) -> table.put(t.taskId(), t.description(), ORACLE, metric, acc));
                o.heldOut().forEach((metric, acc) -> table.put(t.taskId(), t.description(), ORACLE_HELD_OUT, metric, acc));
            }
            if (baselines) {
                System.err.println("[bench]   raw pixels and random init on " + t.taskId());
                try (PixelFeatures pixels = new PixelFeatures(task.splits().get(0).train().imageSize())) {
                    put(table, PIXELS, evaluation.evaluate(pixels, task));
                }
                put(table, RANDOM_INIT, evaluation.evaluate(random, task));
            }
        }
        return table;
    }

    /** Writes {@code table} to {@code dir}/{@value #FILE}, atomically. */
    public static Path write(Path dir, ResultsTable table) {
        Path file = dir.resolve(FILE);
        AtomicFiles.write(file, tmp -> Json.INDENTED.writeValue(tmp.toFile(), table.toData()));
        return file;
    }

    private static void put(ResultsTable table, String model, TaskEvaluation e) {
        e.accuracy().forEach((metric, acc) -> table.put(e.taskId(), e.description(), model, metric, acc));
    }
}
