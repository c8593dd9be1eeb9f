package org.sdrnet.it.bench.harness;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.trex.TrexMethod;
import org.sdrnet.pretrain.trex.TrexSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code trex-transfer} experiment (issue 18; METHODS.md §4's claims) for one seed: on the labelled letters pool L1
 * (the budget's images per domain), pretrain with the same budget
 * <ul>
 *   <li>t-ReX with a projector of depth {@value #PRIMARY_DEPTH} ({@code trex-h1}, t-ReX*), and of every further depth
 *       asked for ({@code trex-h0}, {@code trex-h2}, {@code trex-h3}: the depth trade-off);</li>
 *   <li>plain cross-entropy: a linear classifier on the backbone feature, no projector, no memory and no local crops
 *       ({@code ce});</li>
 *   <li>a learnable cosine classifier in place of the prototypes, everything else as {@code trex-h1} ({@code cosine-h1});</li>
 * </ul>
 * and evaluate each backbone with the project's linear probe on the tasks: {@link #IN_TASK} shares the pool's classes
 * (letters, in font families the pool never showed), every other task is transfer.
 * <p>
 * Runs go to {@code OUT/runs/<model>}; with {@code reuse} a finished run is reused and an unfinished one resumed
 * ({@link Pretraining}); without it, existing runs are refused before any work.
 */
public final class TrexTransferExperiment {
    /** The task whose classes are the pool's: letters A–Z of held-out font families. */
    public static final List<String> IN_TASK = List.of("D3");
    /** The projector depth of the main t-ReX model (t-ReX*, the paper's better in-task variant). */
    public static final int PRIMARY_DEPTH = 1;
    public static final String TREX = "trex";
    public static final String CE = "ce";
    public static final String COSINE = "cosine";
    private static final int PHASES = 3;

    /** One model to pretrain: its name (= run folder), role, projector depth and trex options. */
    public record ModelPlan(String name, String role, int depth, Map<String, String> options) {
    }

    private final Experiment experiment;
    private final Budget budget;
    private final Path out;
    private final boolean reuse;
    private final Device device;
    private final DataCatalog catalog;
    private final List<ModelPlan> plan;

    /** @param depths projector depths of t-ReX to run besides {@value #PRIMARY_DEPTH} (may be empty) */
    public TrexTransferExperiment(Experiment experiment, Budget budget, Path out, boolean reuse, Device device, DataCatalog catalog,
                                  List<Integer> depths) {
        if (!experiment.methods().equals(List.of(TrexMethod.NAME)) || experiment.poolDomains().size() != 1) {
            throw new IllegalArgumentException("experiment '" + experiment.name() + "' must pretrain trex on one labelled pool, has "
                    + experiment.methods() + " on " + experiment.poolDomains());
        }
        this.experiment = experiment;
        this.budget = budget;
        this.out = out;
        this.reuse = reuse;
        this.device = device;
        this.catalog = catalog;
        this.plan = plan(depths);
    }

    /** The models of a seed: t-ReX at depth 1 and every other depth asked for (ascending), plain CE, the cosine classifier. */
    public static List<ModelPlan> plan(List<Integer> depths) {
        TreeSet<Integer> all = new TreeSet<>(depths);
        all.add(PRIMARY_DEPTH);
        if (all.first() < 0) {
            throw new IllegalArgumentException("projector depths must be ≥ 0, got " + depths);
        }
        List<ModelPlan> models = new ArrayList<>();
        models.add(trex(PRIMARY_DEPTH));
        all.stream().filter(h -> h != PRIMARY_DEPTH).forEach(h -> models.add(trex(h)));
        models.add(new ModelPlan(CE, CE, 0, Map.of(TrexSettings.CLASSIFIER, TrexSettings.Classifier.LINEAR.label(),
                TrexSettings.LOCAL_CROPS, "0")));
        models.add(new ModelPlan(COSINE + "-h" + PRIMARY_DEPTH, COSINE, PRIMARY_DEPTH, Map.of(
                TrexSettings.CLASSIFIER, TrexSettings.Classifier.COSINE.label(),
                TrexSettings.PROJECTOR_DEPTH, Integer.toString(PRIMARY_DEPTH))));
        return models;
    }

    private static ModelPlan trex(int h) {
        return new ModelPlan(TREX + "-h" + h, TREX, h, Map.of(TrexSettings.CLASSIFIER, TrexSettings.Classifier.PROTOTYPES.label(),
                TrexSettings.PROJECTOR_DEPTH, Integer.toString(h)));
    }

    /** {@code OUT/runs/<name>}. */
    public Path runDir(String name) {
        return out.resolve(ResultFiles.RUNS).resolve(name);
    }

    /** The tasks evaluated: the budget's (or all), and always the in-task ones, which the comparison needs. */
    public List<String> taskIds() {
        List<String> ids = new ArrayList<>(IN_TASK);
        budget.restrict(experiment.tasks()).stream().filter(t -> !IN_TASK.contains(t)).forEach(ids::add);
        return ids;
    }

    /** Runs every phase; {@code command} is recorded with the results. */
    public TrexTransferResults run(String command) {
        ResultFiles.refuseOldRunsWithoutReuse(out, reuse);
        Phases phases = new Phases(PHASES);
        List<String> taskIds = taskIds();
        Map<String, DownstreamTask> tasks = new LinkedHashMap<>();
        String poolId = experiment.poolDomains().get(0);
        ImageSet pool = phases.run("load the labelled pool " + poolId + " and tasks " + String.join(",", taskIds), () -> {
            for (String id : taskIds) {
                tasks.put(id, catalog.task(id, budget.preset(), experiment.seed()));
            }
            ImageSet all = catalog.pool(poolId, budget.preset(), experiment.seed());
            if (!all.isLabeled() || all.size() < budget.poolPerDomain()) {
                throw new IllegalArgumentException("pool " + poolId + " must be labelled with at least " + budget.poolPerDomain()
                        + " images at preset " + budget.preset().id() + "; it has " + all.size());
            }
            return all.head(budget.poolPerDomain());
        });
        Map<String, Pretraining.Outcome> runs = phases.run("pretrain " + plan.stream().map(ModelPlan::name).toList()
                + " on " + poolId, () -> {
                    Map<String, Pretraining.Outcome> done = new LinkedHashMap<>();
                    for (ModelPlan m : plan) {
                        done.put(m.name(), Pretraining.run(m.name(), TrexMethod.NAME, pool, budget, experiment.seed(),
                                runDir(m.name()), reuse, device, m.options()));
                    }
                    return done;
                });
        List<TrexTransferResults.ModelResult> models = phases.run("evaluate every model (linear probe) on "
                + String.join(",", taskIds), () -> evaluate(runs, tasks));
        List<String> transfer = taskIds.stream().filter(t -> !IN_TASK.contains(t)).toList();
        return new TrexTransferResults(experiment.name(), budget.describe(), experiment.seed(), device.toString(),
                String.format(Locale.ROOT, "%s, %,d images, %d classes", pool.name(), pool.size(), pool.numClasses()),
                IN_TASK, transfer, models, phases.done(), command);
    }

    private List<TrexTransferResults.ModelResult> evaluate(Map<String, Pretraining.Outcome> runs, Map<String, DownstreamTask> tasks) {
        FrozenEvaluation evaluation = new FrozenEvaluation(org.sdrnet.eval.FeatureEvaluator.Protocol.defaults(), device).linearOnly();
        List<TrexTransferResults.ModelResult> results = new ArrayList<>();
        for (ModelPlan m : plan) {
            Backbone backbone = CheckpointStore.backbone(runDir(m.name()).resolve(TrainingLoop.CHECKPOINT_DIR));
            Map<String, Double> accuracy = new LinkedHashMap<>();
            for (DownstreamTask t : tasks.values()) {
                TaskEvaluation e = evaluation.evaluate(backbone, t);
                accuracy.put(t.id(), e.accuracy().get(TaskEvaluation.LINEAR));
                System.err.printf(Locale.ROOT, "[bench]   %s on %s: linear %.3f%n", m.name(), t.id(), accuracy.get(t.id()));
            }
            Pretraining.Outcome o = runs.get(m.name());
            results.add(new TrexTransferResults.ModelResult(m.name(), m.role(), m.depth(), m.options(), accuracy, o.steps(),
                    o.trainingSeconds()));
        }
        return results;
    }
}
