package org.sdrnet.cli;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.Devices;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.dspnet.DspNetRun;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingOutcome;
import org.sdrnet.route.RoutingReport;
import org.sdrnet.route.RoutingSettings;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TransferScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sdr route}: pick the sub-net of a finished SDR run (or the unified model) that transfers best to a task, from
 * the task's training split only; prints the routing table and writes {@code report.json} and {@code routing.png}.
 * <p>
 * Given a <b>dspnet</b> run, the same command picks a width instead ({@link WidthRouteCall}): the best-scoring width
 * within {@code --max-latency-ms} / {@code --max-params}. One command, not a sibling, because the question is the same
 * one ("which network of this pretraining should this task use?") and so are its inputs (run, task, score, seed, out):
 * a user routes whatever run they have, and the run's kind decides what the candidates are. Options that belong to one
 * kind only (the budget to dspnet; {@code --unified}, {@code --shortlist}, {@code --margin} to SDR) are refused with the
 * other kind rather than ignored.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Route a downstream task among the sub-nets of an SDR run (and a unified model) using its training "
                + "split only; prints the table, writes <out>/report.json and <out>/routing.png. With a dspnet run: choose "
                + "the best width within --max-latency-ms / --max-params; writes the chosen width's .onnx, "
                + "<out>/width-report.{md,json} and <out>/width-tradeoff.png.")
final class RouteCommand implements Callable<Integer> {
    static final String REPORT_FILE = "report.json";
    static final String CHART_FILE = "routing.png";

    @Option(names = "--run", paramLabel = "DIR", description = "A finished SDR run directory (from `sdr pretrain --method sdr`), "
            + "or a finished dspnet run (then a width is chosen under the budget options).")
    Path run;

    @Option(names = "--unified", paramLabel = "DIR", description = "Also score the unified model: its run or checkpoint directory.")
    Path unified;

    @Option(names = "--task", paramLabel = "ID|DIR",
            description = "One task: a catalog id D1..D8, or a folder with train/ and test/ (one sub-folder per class).")
    String task;

    @Option(names = "--task-preset", defaultValue = "small", paramLabel = "NAME",
            description = "Catalog task size: tiny, small or full (default: ${DEFAULT-VALUE}).")
    String taskPreset;

    @Option(names = "--split", defaultValue = "1", paramLabel = "N",
            description = "Which train/test split of a multi-split task (D8) to route on, from 1 (default: ${DEFAULT-VALUE}).")
    int split;

    @Option(names = "--score", defaultValue = RoutingSettings.DEFAULT_SCORE, paramLabel = "NAME",
            description = "Transfer score: knn, linear, linear-cv, logme (default: ${DEFAULT-VALUE}); --list-scores shows all.")
    String score;

    @Option(names = "--list-scores", description = "List the registered transfer scores and exit.")
    boolean listScores;

    @Option(names = "--shortlist", defaultValue = "8", paramLabel = "M",
            description = "Leaves to score, most-voted first; 0 scores every non-empty leaf (default: ${DEFAULT-VALUE}).")
    int shortlist;

    @Option(names = "--margin", defaultValue = "0", paramLabel = "F",
            description = "Keep the unified model unless a sub-net's score beats it by at least F (0.01 = one point of "
                    + "accuracy for knn and linear; default: ${DEFAULT-VALUE}, the highest score wins).")
    double margin;

    @Option(names = "--recalibrate-bn", description = "SDR run: score each sub-net with its BatchNorm statistics "
            + "re-estimated on its own cluster's pool images, and the unified model on the whole pool (forward passes "
            + "only). The pool is the run's own: give the --pool/--data, --preset and --seed it was pretrained with "
            + "(as sdr eval --recalibrate-bn takes them); it is checked against the run's data fingerprint.")
    boolean recalibrateBn;

    @Mixin
    PoolOptions pool;

    @Option(names = "--out", defaultValue = "runs/route", paramLabel = "DIR",
            description = "Where report.json and routing.png go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the catalog task and the score (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, gpu or gpu:N.")
    String device;

    @Option(names = "--max-latency-ms", paramLabel = "MS", description = "dspnet run: the chosen width may take at most MS "
            + "milliseconds per image in ONNX Runtime on this machine, at --latency-batch.")
    Double maxLatencyMs;

    @Option(names = "--latency-batch", defaultValue = "1", paramLabel = "1|64", description = "dspnet run: the batch size "
            + "--max-latency-ms refers to; both are measured and reported (default: ${DEFAULT-VALUE}).")
    int latencyBatch;

    @Option(names = "--max-params", paramLabel = "N", description = "dspnet run: the chosen width may have at most N parameters.")
    Long maxParams;

    @Option(names = "--latency-runs", defaultValue = "15", paramLabel = "N", description = "dspnet run: timed ONNX Runtime "
            + "calls per width and batch size, after 5 warm-up calls; the median counts (default: ${DEFAULT-VALUE}).")
    int latencyRuns;

    @Option(names = "--latency-threads", defaultValue = "0", paramLabel = "N", description = "dspnet run: ONNX Runtime "
            + "intra-op threads for timing and scoring; 0 = ONNX Runtime's choice (default: ${DEFAULT-VALUE}).")
    int latencyThreads;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        if (listScores) {
            for (TransferScore s : Services.all(TransferScore.class)) {
                System.out.printf("  %-8s %s%n", s.name(), s.description());
            }
            return 0;
        }
        if (run == null || task == null) {
            throw new IllegalArgumentException("give --run DIR (a finished SDR or dspnet run) and --task ID|DIR");
        }
        if (DspNetRun.isDspNet(run)) {
            return new WidthRouteCall(this).call();
        }
        for (String o : WidthRouteCall.BUDGET_OPTIONS) {
            if (given(o)) {
                throw new IllegalArgumentException(o + " applies to a dspnet run (a width is chosen under the budget); " + run
                        + " is not a dspnet run");
            }
        }
        for (String o : List.of("--pool", "--data", "--preset")) {
            if (given(o) && !recalibrateBn) {
                throw new IllegalArgumentException(o + " names the run's pool for --recalibrate-bn; give both or neither");
            }
        }
        Router router = new Router(new RoutingSettings(score, shortlist, seed, Devices.choose(device), margin, recalibrateBn)); // fails fast on a bad score
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; routing writes a directory (report.json, routing.png)");
        }
        SdrRun sdr = SdrRun.open(run);
        Backbone unifiedBackbone = unified == null ? null : CheckpointStore.backbone(checkpointDir(unified));
        ImageSet train = trainSplit(loadTask());
        System.err.println("sdr route: task " + task + ", " + train.size() + " training images, score " + score
                + ", shortlist " + shortlist + (unifiedBackbone == null ? ", no unified model" : " + unified"));
        ImageSet poolImages = recalibrateBn ? pool.load(data, seed) : null;
        RoutingOutcome outcome = router.route(task, sdr, unifiedBackbone, train, poolImages);
        RoutingReport report = outcome.report();
        System.out.println(report.toMarkdown());
        report.writeJson(out.resolve(REPORT_FILE));
        report.writeChart(out.resolve(CHART_FILE));
        System.err.println("sdr route: wrote " + out.resolve(REPORT_FILE) + " and " + out.resolve(CHART_FILE));
        return 0;
    }

    /** True when the user gave option {@code name} on the command line (not merely its default). */
    boolean given(String name) {
        return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(name);
    }

    DownstreamTask loadTask() {
        TaskOptions options = new TaskOptions();
        options.tasks = List.of(task);
        options.preset = taskPreset;
        return options.load(data, seed).get(0);
    }

    /** Only the training part of the chosen split leaves this method: routing never sees a test image. */
    ImageSet trainSplit(DownstreamTask t) {
        if (split < 1 || split > t.splits().size()) {
            throw new IllegalArgumentException("task " + t.id() + " has " + t.splits().size() + " split(s); --split "
                    + split + " is outside 1.." + t.splits().size());
        }
        return t.splits().get(split - 1).train();
    }

    private static Path checkpointDir(Path dir) {
        Path inner = dir.resolve(TrainingLoop.CHECKPOINT_DIR);
        return Files.isDirectory(inner) ? inner : dir;
    }
}
