package org.sdrnet.it.bench.harness;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.ResultsTable;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code sdr-vs-unified} experiment (issue 6): pretrain {@code unified} and {@code sdr} on the five-domain pool
 * with the same epochs, route every task among the SDR sub-nets and the unified model and evaluate both; then pretrain
 * {@code unified} on each domain alone and compare all of them with the linear probe (negative transfer). Pretraining
 * runs go to {@code OUT/runs/<run>} and are resumed or reused with {@code reuse} ({@link Pretraining}).
 */
public final class SdrVsUnifiedExperiment {
    private static final int PHASES = 5;

    private final Experiment experiment;
    private final Budget budget;
    private final Path out;
    private final boolean reuse;
    private final Device device;
    private final DataCatalog catalog;
    private final Variant variant;

    public SdrVsUnifiedExperiment(Experiment experiment, Budget budget, Path out, boolean reuse, Device device, DataCatalog catalog) {
        this(experiment, budget, out, reuse, device, catalog, Variant.DEFAULTS);
    }

    /** The experiment with the changes of {@code variant} (method options, routing margin), for ablations. */
    public SdrVsUnifiedExperiment(Experiment experiment, Budget budget, Path out, boolean reuse, Device device, DataCatalog catalog,
                                  Variant variant) {
        if (!experiment.methods().containsAll(List.of(UnifiedMethod.NAME, SdrMethod.NAME))) {
            throw new IllegalArgumentException("experiment '" + experiment.name() + "' must pretrain both " + UnifiedMethod.NAME
                    + " and " + SdrMethod.NAME + ", has " + experiment.methods());
        }
        this.experiment = experiment;
        this.budget = budget;
        this.out = out;
        this.reuse = reuse;
        this.device = device;
        this.catalog = catalog;
        this.variant = variant;
    }

    /** Runs every phase; {@code command} is recorded with the results. */
    public SdrVsUnifiedResults run(String command) {
        ResultFiles.refuseOldRunsWithoutReuse(out, reuse);
        Phases phases = new Phases(PHASES);
        List<String> taskIds = budget.restrict(experiment.tasks());
        Map<String, DownstreamTask> tasks = new LinkedHashMap<>();
        PoolData pools = phases.run("load the pool (" + String.join(",", experiment.poolDomains()) + ") and tasks "
                + String.join(",", taskIds), () -> {
                    for (String id : taskIds) {
                        tasks.put(id, catalog.task(id, budget.preset(), experiment.seed()));
                    }
                    return PoolData.load(catalog, experiment, budget);
                });
        List<Pretraining.Outcome> outcomes = new ArrayList<>();
        phases.run("pretrain unified and sdr on the mixed pool", () -> {
            outcomes.add(pretrain(UnifiedMethod.NAME, SdrVsUnifiedResults.ALL_DOMAINS, pools.mixed()));
            outcomes.add(pretrain(SdrMethod.NAME, SdrVsUnifiedResults.ALL_DOMAINS, pools.mixed()));
            return null;
        });
        Backbone unified = unifiedBackbone();
        FrozenEvaluation evaluation = new FrozenEvaluation(FeatureEvaluator.Protocol.defaults(), device);
        List<RoutedComparison.TaskResult> comparison = phases.run("route and evaluate on " + String.join(",", taskIds),
                () -> compare(unified, tasks, evaluation, pools.mixed()));

        ResultsTable negative = new ResultsTable();
        Map<String, String> columns = new LinkedHashMap<>();
        if (experiment.perDomainModels()) {
            Map<String, Backbone> single = phases.run("pretrain unified on each pool domain alone", () -> {
                Map<String, Backbone> models = new LinkedHashMap<>();
                pools.domains().forEach((id, images) -> {
                    outcomes.add(pretrain(UnifiedMethod.NAME, id, images));
                    models.put(id, CheckpointStore.backbone(runDir(UnifiedMethod.NAME, id).resolve(TrainingLoop.CHECKPOINT_DIR)));
                    columns.put(id, catalog.poolSource(id).description() + String.format(Locale.ROOT, " (%,d images)", images.size()));
                });
                return models;
            });
            phases.run("evaluate the single-domain models (linear probe)", () -> {
                FrozenEvaluation linear = evaluation.linearOnly();
                for (DownstreamTask t : tasks.values()) {
                    for (Map.Entry<String, Backbone> m : single.entrySet()) {
                        System.err.println("[bench]   " + m.getKey() + " model on " + t.id());
                        negative.put(t.id(), t.description(), m.getKey(), TaskEvaluation.LINEAR,
                                linear.evaluate(m.getValue(), t).accuracy().get(TaskEvaluation.LINEAR));
                    }
                }
                return null;
            });
            // the all-domain column is the unified model of the routed comparison, already evaluated with this protocol
            for (RoutedComparison.TaskResult t : comparison) {
                negative.put(t.taskId(), t.description(), SdrVsUnifiedResults.ALL_DOMAINS, TaskEvaluation.LINEAR,
                        t.mean(false, TaskEvaluation.LINEAR));
            }
            columns.put(SdrVsUnifiedResults.ALL_DOMAINS, String.format(Locale.ROOT, "all %d domains (%,d images)",
                    pools.domains().size(), pools.mixed().size()));
        }
        return new SdrVsUnifiedResults(experiment, budget, device.toString(),
                String.format(Locale.ROOT, "%s, %,d images", pools.mixed().name(), pools.mixed().size()), outcomes, comparison,
                negative, columns, phases.done(), command);
    }

    /** {@code OUT/runs/<method>-<data>}, e.g. {@code runs/sdr-all} or {@code runs/unified-P3}. */
    public Path runDir(String method, String data) {
        return out.resolve(ResultFiles.RUNS).resolve(method + "-" + data);
    }

    private Pretraining.Outcome pretrain(String method, String data, ImageSet images) {
        return Pretraining.run(method + "-" + data, method, images, budget, experiment.seed(), runDir(method, data), reuse, device,
                variant.optionsFor(method));
    }

    /** The router of this experiment: its score and seed, the variant's margin and BatchNorm handling. */
    public Router router() {
        return new Router(RoutingSettings.defaults().withScore(experiment.routingScore()).withSeed(experiment.seed())
                .withMargin(variant.routingMargin()).withRecalibratedBn(variant.recalibrateBn()).withDevice(device));
    }

    /** The mixed pool the SDR run was trained on, when the router needs it (BatchNorm recalibration), else null. */
    public ImageSet poolForRouting() {
        return variant.recalibrateBn() ? PoolData.load(catalog, experiment, budget).mixed() : null;
    }

    /** The finished SDR run on all domains. */
    public SdrRun sdrRun() {
        return SdrRun.open(runDir(SdrMethod.NAME, SdrVsUnifiedResults.ALL_DOMAINS));
    }

    /** The finished unified model on all domains. */
    public Backbone unifiedBackbone() {
        return CheckpointStore.backbone(runDir(UnifiedMethod.NAME, SdrVsUnifiedResults.ALL_DOMAINS).resolve(TrainingLoop.CHECKPOINT_DIR));
    }

    /** The experiment's downstream tasks under this budget, loaded as the experiment loads them. */
    public Map<String, DownstreamTask> tasks() {
        Map<String, DownstreamTask> tasks = new LinkedHashMap<>();
        for (String id : budget.restrict(experiment.tasks())) {
            tasks.put(id, catalog.task(id, budget.preset(), experiment.seed()));
        }
        return tasks;
    }

    private List<RoutedComparison.TaskResult> compare(Backbone unified, Map<String, DownstreamTask> tasks, FrozenEvaluation evaluation,
                                                      ImageSet pool) {
        SdrRun sdr = sdrRun();
        RoutedComparison comparison = new RoutedComparison(sdr, unified, router(), evaluation, pool);
        List<RoutedComparison.TaskResult> results = new ArrayList<>();
        for (DownstreamTask t : tasks.values()) {
            RoutedComparison.TaskResult r = comparison.compare(t);
            results.add(r);
            System.err.printf(Locale.ROOT, "[bench]   %s: chose %s; linear unified %.1f / routed %.1f; kNN unified %.1f / routed %.1f%n",
                    t.id(), r.splits().stream().map(s -> s.routing().choice()).distinct().toList(),
                    100 * r.mean(false, TaskEvaluation.LINEAR), 100 * r.mean(true, TaskEvaluation.LINEAR),
                    100 * r.mean(false, TaskEvaluation.KNN), 100 * r.mean(true, TaskEvaluation.KNN));
        }
        return results;
    }
}
