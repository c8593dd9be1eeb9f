package org.sdrnet.it.bench.harness;

import ai.djl.Device;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.sdr.SdrMethod;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TrainingSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one pretraining of an experiment into its run directory, so that a killed experiment can be rerun cheaply:
 * with {@code reuse}, a run that already has a checkpoint is continued through the request's resume flag, which also
 * checks that it was made with the same method, backbone, data, seed and schedule (a finished run then takes no step);
 * without {@code reuse}, an existing checkpoint is an error rather than silently reused.
 */
public final class Pretraining {

    /** How a run started in this invocation. */
    public enum Start {
        /** trained from scratch */
        NEW,
        /** continued from an unfinished checkpoint */
        RESUMED,
        /** already finished: checked against this budget and reused */
        REUSED
    }

    /**
     * One pretraining run.
     *
     * @param run             name of the run (its folder under {@code runs/})
     * @param method          pretraining method
     * @param data            name of the pretraining images
     * @param images          number of pretraining images
     * @param dir             run directory
     * @param start           how it started
     * @param steps           optimizer steps of the whole run
     * @param wallSeconds     wall time of this invocation's call
     * @param trainingSeconds training time behind the logged steps, over all invocations ({@link TrainLog})
     */
    public record Outcome(String run, String method, String data, int images, Path dir, Start start, long steps,
                          double wallSeconds, double trainingSeconds) {
    }

    private Pretraining() {
    }

    /** Pretrains (or resumes, or reuses) {@code method} on {@code pool} into {@code dir}, with method {@code options}. */
    public static Outcome run(String run, String method, ImageSet pool, Budget budget, long seed, Path dir, boolean reuse,
                              Device device, Map<String, String> options) {
        return run(run, method, pool, budget, budget.backboneSpec(), seed, dir, reuse, device, options);
    }

    /**
     * The same with another backbone than the budget's (e.g. a narrower network of the same architecture); epochs,
     * batch and learning rate stay the budget's.
     */
    public static Outcome run(String run, String method, ImageSet pool, Budget budget, ResNetSpec backbone, long seed, Path dir,
                              boolean reuse, Device device, Map<String, String> options) {
        return run(run, method, pool, budget.loop(seed), backbone, dir, reuse, device, options);
    }

    /**
     * The same with any backbone (e.g. a Vision Transformer) and loop settings of the caller's (e.g. an AdamW learning
     * rate, or fewer epochs for a run that continues another).
     */
    public static Outcome run(String run, String method, ImageSet pool, LoopSettings loop, BackboneSpec backbone, Path dir,
                              boolean reuse, Device device, Map<String, String> options) {
        PretrainMethod m = Services.find(PretrainMethod.class, method);
        boolean exists = hasCheckpoint(method, dir);
        if (exists && !reuse) {
            throw new IllegalStateException(dir + " already holds a " + method + " run; rerun with --reuse to resume or reuse it, "
                    + "or choose another output directory");
        }
        Start start = !exists ? Start.NEW : isFinished(method, dir) ? Start.REUSED : Start.RESUMED;
        System.err.printf("[bench] pretraining %s: %s%s on %s (%d images), %s, %d epochs, batch %d — %s%n", run, method,
                options.isEmpty() ? "" : " " + options, pool.name(), pool.size(), backbone.name(), loop.epochs(),
                loop.batchSize(), switch (start) {
                    case NEW -> "new run";
                    case RESUMED -> "resuming " + dir;
                    case REUSED -> "already finished, checking it matches and reusing it";
                });
        long t0 = System.nanoTime();
        TrainingSummary s = m.pretrain(new PretrainMethod.Request(pool, backbone, loop, dir, exists, device, options));
        double wall = (System.nanoTime() - t0) / 1e9;
        if (!s.finished()) {
            throw new IllegalStateException("pretraining " + run + " stopped at step " + s.globalStep() + " of " + s.totalSteps());
        }
        double training = logs(method, dir).stream().mapToDouble(TrainLog::trainingSeconds).sum();
        return new Outcome(run, method, pool.name(), pool.size(), dir, start, s.totalSteps(), wall, training);
    }

    /** The training logs of a run: one for a plain run, one per level (in order) for an SDR run. */
    public static List<TrainLog> logs(String method, Path dir) {
        List<TrainLog> logs = new ArrayList<>();
        for (Path d : trainingDirs(method, dir)) {
            if (Files.isRegularFile(d.resolve(TrainingLoop.LOG_FILE))) {
                logs.add(TrainLog.read(d.resolve(TrainingLoop.LOG_FILE)));
            }
        }
        return logs;
    }

    /** The directories holding a training loop's checkpoint and log: the run itself, or an SDR run's level folders. */
    public static List<Path> trainingDirs(String method, Path dir) {
        if (!SdrMethod.NAME.equals(method)) {
            return List.of(dir);
        }
        List<Path> levels = new ArrayList<>();
        for (int level = 0; Files.isDirectory(SdrMethod.levelDir(dir, level)); level++) {
            levels.add(SdrMethod.levelDir(dir, level));
        }
        return levels;
    }

    private static boolean hasCheckpoint(String method, Path dir) {
        Path first = SdrMethod.NAME.equals(method) ? SdrMethod.levelDir(dir, 0) : dir;
        return CheckpointStore.exists(first.resolve(TrainingLoop.CHECKPOINT_DIR));
    }

    private static boolean isFinished(String method, Path dir) {
        if (SdrMethod.NAME.equals(method)) {
            try {
                SdrRun.open(dir);
                return true;
            } catch (IllegalArgumentException notFinished) {
                return false;
            }
        }
        return CheckpointStore.manifest(dir.resolve(TrainingLoop.CHECKPOINT_DIR)).progress().finished();
    }
}
