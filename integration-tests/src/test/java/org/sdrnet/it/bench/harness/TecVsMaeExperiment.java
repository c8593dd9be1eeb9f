package org.sdrnet.it.bench.harness;

import ai.djl.Device;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.eval.FeatureEvaluator;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.mae.MaeMethod;
import org.sdrnet.pretrain.mae.MaeSettings;
import org.sdrnet.pretrain.tec.TecMethod;
import org.sdrnet.pretrain.tec.TecSettings;
import org.sdrnet.spi.LoopSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tec-vs-mae} experiment (issue 19; METHODS.md §3's claims) for one seed, on the budget's five-domain pool
 * with a Vision Transformer:
 * <ol>
 *   <li>{@value #BASE}: {@code mae} from scratch for E epochs (the budget's);</li>
 *   <li>{@value #TEC}: {@code tec} for E' epochs with {@value #BASE} as its frozen base;</li>
 *   <li>{@value #MORE}: {@code mae} for E' more epochs from {@value #BASE}'s weights ({@code -o init}; a fresh optimizer and
 *       schedule), the paper's cost baseline;</li>
 * </ol>
 * then the linear probe of each on the tasks. Every run uses AdamW at {@link #ADAMW_LR} [our choice, docs/methods/mae.md]
 * with the budget's batch and the loop's other defaults. Runs go to {@code OUT/runs/<model>}; with {@code reuse} a
 * finished run is reused and an unfinished one resumed ({@link Pretraining}).
 */
public final class TecVsMaeExperiment {
    public static final String BASE = "mae-base";
    public static final String TEC = "tec";
    public static final String MORE = "mae-more";
    /** AdamW's learning rate at batch 256 for every run [our choice: the MAE page's recommendation]. */
    public static final float ADAMW_LR = 1.5e-3f;
    private static final int PHASES = 3;

    private final Experiment experiment;
    private final Budget budget;
    private final Path out;
    private final boolean reuse;
    private final Device device;
    private final DataCatalog catalog;
    private final VitSpec vit;
    private final int extraEpochs;

    /**
     * @param vit         the ViT of every model (vit-tiny for the experiment; vit-test for pipeline checks)
     * @param extraEpochs E', the epochs of the student and of the continued MAE
     */
    public TecVsMaeExperiment(Experiment experiment, Budget budget, Path out, boolean reuse, Device device, DataCatalog catalog,
                              VitSpec vit, int extraEpochs) {
        if (!experiment.methods().equals(List.of(MaeMethod.NAME, TecMethod.NAME))) {
            throw new IllegalArgumentException("experiment '" + experiment.name() + "' must pretrain mae and tec, has " + experiment.methods());
        }
        if (extraEpochs < 1) {
            throw new IllegalArgumentException("the student's epochs E' must be ≥ 1, got " + extraEpochs);
        }
        this.experiment = experiment;
        this.budget = budget;
        this.out = out;
        this.reuse = reuse;
        this.device = device;
        this.catalog = catalog;
        this.vit = vit;
        this.extraEpochs = extraEpochs;
    }

    /** {@code OUT/runs/<name>}. */
    public Path runDir(String name) {
        return out.resolve(ResultFiles.RUNS).resolve(name);
    }

    /** The loop of a run of {@code epochs} epochs: the budget's, with AdamW's learning rate. */
    LoopSettings loop(int epochs) {
        return budget.loop(experiment.seed()).withBaseLr(ADAMW_LR).withEpochs(epochs);
    }

    /**
     * The student's options: its base, and the paper's adapter groups of 3 layers when they divide the depth (vit-tiny's
     * 6), else one layer per group (vit-test's 2 blocks, pipeline checks only).
     */
    static Map<String, String> tecOptions(VitSpec vit, String base) {
        return Map.of(TecSettings.BASE, base, TecSettings.ADAPTER_GROUP, vit.depth() % 3 == 0 ? "3" : "1");
    }

    /** Runs every phase; {@code command} is recorded with the results. */
    public TecVsMaeResults run(String command) {
        ResultFiles.refuseOldRunsWithoutReuse(out, reuse);
        Phases phases = new Phases(PHASES);
        List<String> taskIds = budget.restrict(experiment.tasks());
        Map<String, DownstreamTask> tasks = new LinkedHashMap<>();
        ImageSet pool = phases.run("load the pool " + String.join("+", experiment.poolDomains()) + " and tasks "
                + String.join(",", taskIds), () -> {
                    for (String id : taskIds) {
                        tasks.put(id, catalog.task(id, budget.preset(), experiment.seed()));
                    }
                    return PoolData.load(catalog, experiment, budget).mixed();
                });
        int e = budget.epochs();
        Map<String, Pretraining.Outcome> runs = phases.run("pretrain " + BASE + " (" + e + " epochs), then " + TEC + " and " + MORE
                + " (" + extraEpochs + " epochs each) on " + pool.name(), () -> {
                    Map<String, Pretraining.Outcome> done = new LinkedHashMap<>();
                    done.put(BASE, Pretraining.run(BASE, MaeMethod.NAME, pool, loop(e), vit, runDir(BASE), reuse, device, Map.of()));
                    String base = runDir(BASE).toString();
                    done.put(TEC, Pretraining.run(TEC, TecMethod.NAME, pool, loop(extraEpochs), vit, runDir(TEC), reuse, device,
                            tecOptions(vit, base)));
                    done.put(MORE, Pretraining.run(MORE, MaeMethod.NAME, pool, loop(extraEpochs), vit, runDir(MORE), reuse, device,
                            Map.of(MaeSettings.INIT, base)));
                    return done;
                });
        List<TecVsMaeResults.ModelResult> models = phases.run("evaluate every model (linear probe) on " + String.join(",", taskIds),
                () -> evaluate(runs, tasks));
        return new TecVsMaeResults(experiment.name(), budget.describe(), experiment.seed(), device.toString(),
                String.format(Locale.ROOT, "%s, %,d images", pool.name(), pool.size()), vit.toString(), e, extraEpochs, taskIds,
                models, phases.done(), command);
    }

    private List<TecVsMaeResults.ModelResult> evaluate(Map<String, Pretraining.Outcome> runs, Map<String, DownstreamTask> tasks) {
        FrozenEvaluation evaluation = new FrozenEvaluation(FeatureEvaluator.Protocol.defaults(), device).linearOnly();
        List<TecVsMaeResults.ModelResult> results = new ArrayList<>();
        for (String name : List.of(BASE, TEC, MORE)) {
            Backbone backbone = CheckpointStore.backbone(runDir(name).resolve(TrainingLoop.CHECKPOINT_DIR));
            Map<String, Double> accuracy = new LinkedHashMap<>();
            for (DownstreamTask t : tasks.values()) {
                TaskEvaluation ev = evaluation.evaluate(backbone, t);
                accuracy.put(t.id(), ev.accuracy().get(TaskEvaluation.LINEAR));
                System.err.printf(Locale.ROOT, "[bench]   %s on %s: linear %.3f%n", name, t.id(), accuracy.get(t.id()));
            }
            Pretraining.Outcome o = runs.get(name);
            int own = name.equals(BASE) ? budget.epochs() : extraEpochs;
            int total = name.equals(BASE) ? own : budget.epochs() + own;
            results.add(new TecVsMaeResults.ModelResult(name, own, total, accuracy, o.steps(), o.trainingSeconds()));
        }
        return results;
    }
}
