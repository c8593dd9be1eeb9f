package org.sdrnet.it.bench.harness;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.dspnet.DspNetMethod;
import org.sdrnet.pretrain.dspnet.DspNetRun;
import org.sdrnet.pretrain.dspnet.DspNetSettings;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code dspnet-vs-separate} experiment (issue 17 item 4; METHODS.md §2's baseline) for one seed: pretrain one
 * {@code dspnet} run on the mixed pool, and for each of its widths w a plain {@code unified} network of ⌈w·C⌉ channels
 * per stage ({@link ResNetSpec#withWidths}) with the same epochs, batch and learning rate; evaluate every width of
 * both with kNN and the linear probe on the tasks; count the cost of every run ({@link TrainingCost}).
 * <p>
 * Runs go to {@code OUT/runs/dspnet-all} and {@code OUT/runs/unified-x<w>}; with {@code reuse} a finished run is
 * reused and an unfinished one resumed ({@link Pretraining}); without it, existing runs are refused before any work.
 */
public final class DspNetVsSeparateExperiment {
    private static final int PHASES = 4;

    private final Experiment experiment;
    private final Budget budget;
    private final Path out;
    private final boolean reuse;
    private final Device device;
    private final DataCatalog catalog;
    private final double[] widths;

    /** The experiment at dspnet's default widths. */
    public DspNetVsSeparateExperiment(Experiment experiment, Budget budget, Path out, boolean reuse, Device device, DataCatalog catalog) {
        this(experiment, budget, out, reuse, device, catalog, DspNetSettings.defaults().widths());
    }

    /**
     * The experiment at {@code widths} (validated as {@code sdr pretrain --method dspnet -o widths=…} validates them):
     * the dspnet run trains them all and each gets its separate network.
     */
    public DspNetVsSeparateExperiment(Experiment experiment, Budget budget, Path out, boolean reuse, Device device, DataCatalog catalog,
                                      double[] widths) {
        if (!experiment.methods().containsAll(List.of(DspNetMethod.NAME, UnifiedMethod.NAME))) {
            throw new IllegalArgumentException("experiment '" + experiment.name() + "' must pretrain both " + DspNetMethod.NAME
                    + " and " + UnifiedMethod.NAME + ", has " + experiment.methods());
        }
        this.experiment = experiment;
        this.budget = budget;
        this.out = out;
        this.reuse = reuse;
        this.device = device;
        this.catalog = catalog;
        this.widths = DspNetSettings.defaults().withWidths(widths).widths();
    }

    /** The dspnet run's options: its widths when they are not the defaults (so a default run's options stay empty). */
    private Map<String, String> dspnetOptions() {
        if (Arrays.equals(widths, DspNetSettings.defaults().widths())) {
            return Map.of();
        }
        return Map.of(DspNetSettings.WIDTHS, Arrays.stream(widths).mapToObj(Double::toString).collect(Collectors.joining(",")));
    }

    /** {@code OUT/runs/<name>}. */
    public Path runDir(String name) {
        return out.resolve(ResultFiles.RUNS).resolve(name);
    }

    /** Run name of the separate network of width {@code w}: {@code unified-x0.25}, {@code unified-x1}. */
    public static String separateRun(double w) {
        return UnifiedMethod.NAME + "-" + SlimmableSpec.label(w).replace('_', '.');
    }

    /** Runs every phase; {@code command} is recorded with the results. */
    public DspNetVsSeparateResults run(String command) {
        ResultFiles.refuseOldRunsWithoutReuse(out, reuse);
        Phases phases = new Phases(PHASES);
        List<String> taskIds = budget.restrict(experiment.tasks());
        Map<String, DownstreamTask> tasks = new LinkedHashMap<>();
        ImageSet pool = phases.run("load the pool (" + String.join(",", experiment.poolDomains()) + ") and tasks "
                + String.join(",", taskIds), () -> {
                    for (String id : taskIds) {
                        tasks.put(id, catalog.task(id, budget.preset(), experiment.seed()));
                    }
                    return PoolData.load(catalog, experiment, budget).mixed();
                });
        TrainingCost dspnetCost = phases.run("pretrain dspnet (widths " + Arrays.toString(widths) + ") on the mixed pool", () -> {
            Pretraining.Outcome o = Pretraining.run("dspnet-all", DspNetMethod.NAME, pool, budget, experiment.seed(),
                    runDir("dspnet-all"), reuse, device, dspnetOptions());
            return TrainingCost.dspnet(o, widths, experiment.seed(), budget.batchSize());
        });
        SlimmableSpec slim = new SlimmableSpec(budget.backboneSpec(), widths);
        List<TrainingCost> separateCost = phases.run("pretrain a separate unified network of each width", () -> {
            List<TrainingCost> costs = new ArrayList<>();
            for (double w : widths) {
                ResNetSpec spec = budget.backboneSpec().withWidths(slim.widthsAt(w));
                Pretraining.Outcome o = Pretraining.run(separateRun(w), UnifiedMethod.NAME, pool, budget, spec, experiment.seed(),
                        runDir(separateRun(w)), reuse, device, Map.of());
                costs.add(TrainingCost.plain(o, w, budget.batchSize()));
            }
            return costs;
        });
        List<DspNetVsSeparateResults.WidthResult> results = phases.run("evaluate every width of both (kNN and linear probe)",
                () -> evaluate(slim, tasks));
        return new DspNetVsSeparateResults(experiment.name(), budget.describe(), experiment.seed(), device.toString(),
                String.format(Locale.ROOT, "%s, %,d images", pool.name(), pool.size()), taskIds, results, dspnetCost, separateCost,
                phases.done(), command);
    }

    private List<DspNetVsSeparateResults.WidthResult> evaluate(SlimmableSpec slim, Map<String, DownstreamTask> tasks) {
        FrozenEvaluation evaluation = new FrozenEvaluation(org.sdrnet.eval.FeatureEvaluator.Protocol.defaults(), device);
        DspNetRun dspnet = DspNetRun.open(runDir("dspnet-all"));
        List<DspNetVsSeparateResults.WidthResult> results = new ArrayList<>();
        for (double w : widths) {
            Map<String, Backbone> models = new LinkedHashMap<>();
            models.put(DspNetVsSeparateResults.DSPNET, dspnet.backbone(w));
            models.put(DspNetVsSeparateResults.SEPARATE,
                    CheckpointStore.backbone(runDir(separateRun(w)).resolve(TrainingLoop.CHECKPOINT_DIR)));
            Map<String, Map<String, Map<String, Double>>> accuracy = new LinkedHashMap<>();
            models.forEach((model, backbone) -> {
                Map<String, Map<String, Double>> byMetric = new LinkedHashMap<>();
                for (DownstreamTask t : tasks.values()) {
                    TaskEvaluation e = evaluation.evaluate(backbone, t);
                    e.accuracy().forEach((metric, acc) -> byMetric.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(t.id(), acc));
                    System.err.printf(Locale.ROOT, "[bench]   width %s, %s on %s: %s%n", w, model, t.id(), e.accuracy());
                }
                accuracy.put(model, byMetric);
            });
            results.add(new DspNetVsSeparateResults.WidthResult(w, Arrays.stream(slim.widthsAt(w)).boxed().toList(), accuracy));
        }
        return results;
    }

}
