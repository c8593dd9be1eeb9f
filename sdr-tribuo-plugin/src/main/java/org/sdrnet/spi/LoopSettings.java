package org.sdrnet.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the shared training loop, in two parts: the {@link Trajectory} (what defines the optimisation, so a
 * resumed run must match it exactly) and the {@link RunControl} (logging, checkpoint spacing, progress, an early stop:
 * free to differ between a run and its resumption). Defaults [our choice]: SGD momentum 0.9, weight decay 5e-4, cosine
 * schedule with one warm-up epoch as in SimSiam's CIFAR recipe, but batch 64 and lr 0.8·batch/256 (= 0.2): on our short
 * CPU budgets the recipe's lr 0.05·batch/256 left the backbone behind a random-init one after 11 epochs, while 0.2 beat
 * it (the sweep is in docs/results.md).
 */
public record LoopSettings(Trajectory trajectory, RunControl control) {

    /**
     * Default gradient clipping [our choice]: well above the norms of ordinary steps (about 0.1–0.7 in our SimSiam and
     * SDR runs) so it only acts on rare spikes, which in an SDR run had wrecked the weights in one step.
     */
    public static final float DEFAULT_MAX_GRAD_NORM = 2f;

    /**
     * What defines the optimisation trajectory; a resumed run must match it exactly.
     *
     * @param epochs       passes over the pool
     * @param batchSize    images per step (each gives two views)
     * @param baseLr       learning rate at batch 256; the loop scales it linearly with the batch
     * @param momentum     SGD momentum
     * @param weightDecay  L2 on weights with ≥ 2 dimensions
     * @param warmupEpochs linear warm-up length
     * @param maxGradNorm  clip the global L2 norm of the gradients to this value; 0 = no clipping
     * @param seed         run seed: data order and augmentation derive from it and the step
     */
    public record Trajectory(int epochs, int batchSize, float baseLr, float momentum, float weightDecay, int warmupEpochs,
                             float maxGradNorm, long seed) {
        public Trajectory {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be positive, got " + epochs);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm needs it), got " + batchSize);
            }
            if (!(baseLr > 0) || !Float.isFinite(baseLr) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)
                    || !Float.isFinite(weightDecay) || warmupEpochs < 0 || !(maxGradNorm >= 0) || !Float.isFinite(maxGradNorm)) {
                throw new IllegalArgumentException("invalid optimisation settings: lr " + baseLr + ", momentum " + momentum
                        + ", weight decay " + weightDecay + ", warm-up " + warmupEpochs + ", max gradient norm " + maxGradNorm);
            }
        }

        /** The trajectory as the checkpoint manifest records it (the seed is recorded on its own). */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epochs", epochs);
            m.put("batchSize", batchSize);
            m.put("baseLr", (double) baseLr);
            m.put("momentum", (double) momentum);
            m.put("weightDecay", (double) weightDecay);
            m.put("warmupEpochs", warmupEpochs);
            m.put("maxGradNorm", (double) maxGradNorm);
            return m;
        }
    }

    /**
     * How a run is watched and cut into pieces; free to change when it resumes.
     *
     * @param logEvery        steps between log lines (JSON lines and the progress message)
     * @param checkpointEvery steps between checkpoints (also at each epoch end and at the end)
     * @param stopAfterStep   stop (as if killed) once this many global steps are done; 0 = run to the end
     * @param showProgress    draw a terminal progress bar
     */
    public record RunControl(int logEvery, int checkpointEvery, long stopAfterStep, boolean showProgress) {
        public RunControl {
            if (logEvery <= 0 || checkpointEvery <= 0 || stopAfterStep < 0) {
                throw new IllegalArgumentException("invalid run control: logEvery " + logEvery + ", checkpointEvery "
                        + checkpointEvery + ", stopAfterStep " + stopAfterStep);
            }
        }
    }

    /** All settings in one call, trajectory first. */
    public LoopSettings(int epochs, int batchSize, float baseLr, float momentum, float weightDecay, int warmupEpochs,
                        float maxGradNorm, long seed, int logEvery, int checkpointEvery, long stopAfterStep, boolean showProgress) {
        this(new Trajectory(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed),
                new RunControl(logEvery, checkpointEvery, stopAfterStep, showProgress));
    }

    public static LoopSettings defaults() {
        return new LoopSettings(10, 64, 0.8f, 0.9f, 5e-4f, 1, DEFAULT_MAX_GRAD_NORM, 42L, 10, 200, 0, true);
    }

    public int epochs() {
        return trajectory.epochs();
    }

    public int batchSize() {
        return trajectory.batchSize();
    }

    public float baseLr() {
        return trajectory.baseLr();
    }

    public float momentum() {
        return trajectory.momentum();
    }

    public float weightDecay() {
        return trajectory.weightDecay();
    }

    public int warmupEpochs() {
        return trajectory.warmupEpochs();
    }

    public float maxGradNorm() {
        return trajectory.maxGradNorm();
    }

    public long seed() {
        return trajectory.seed();
    }

    public int logEvery() {
        return control.logEvery();
    }

    public int checkpointEvery() {
        return control.checkpointEvery();
    }

    public long stopAfterStep() {
        return control.stopAfterStep();
    }

    public boolean showProgress() {
        return control.showProgress();
    }

    private LoopSettings with(Trajectory t) {
        return new LoopSettings(t, control);
    }

    private LoopSettings with(RunControl c) {
        return new LoopSettings(trajectory, c);
    }

    public LoopSettings withEpochs(int e) {
        Trajectory t = trajectory;
        return with(new Trajectory(e, t.batchSize(), t.baseLr(), t.momentum(), t.weightDecay(), t.warmupEpochs(), t.maxGradNorm(), t.seed()));
    }

    public LoopSettings withBatchSize(int b) {
        Trajectory t = trajectory;
        return with(new Trajectory(t.epochs(), b, t.baseLr(), t.momentum(), t.weightDecay(), t.warmupEpochs(), t.maxGradNorm(), t.seed()));
    }

    public LoopSettings withBaseLr(float lr) {
        Trajectory t = trajectory;
        return with(new Trajectory(t.epochs(), t.batchSize(), lr, t.momentum(), t.weightDecay(), t.warmupEpochs(), t.maxGradNorm(), t.seed()));
    }

    public LoopSettings withWarmupEpochs(int w) {
        Trajectory t = trajectory;
        return with(new Trajectory(t.epochs(), t.batchSize(), t.baseLr(), t.momentum(), t.weightDecay(), w, t.maxGradNorm(), t.seed()));
    }

    public LoopSettings withMaxGradNorm(float g) {
        Trajectory t = trajectory;
        return with(new Trajectory(t.epochs(), t.batchSize(), t.baseLr(), t.momentum(), t.weightDecay(), t.warmupEpochs(), g, t.seed()));
    }

    public LoopSettings withSeed(long s) {
        Trajectory t = trajectory;
        return with(new Trajectory(t.epochs(), t.batchSize(), t.baseLr(), t.momentum(), t.weightDecay(), t.warmupEpochs(), t.maxGradNorm(), s));
    }

    public LoopSettings withLogEvery(int l) {
        return with(new RunControl(l, control.checkpointEvery(), control.stopAfterStep(), control.showProgress()));
    }

    public LoopSettings withCheckpointEvery(int c) {
        return with(new RunControl(control.logEvery(), c, control.stopAfterStep(), control.showProgress()));
    }

    public LoopSettings withStopAfterStep(long s) {
        return with(new RunControl(control.logEvery(), control.checkpointEvery(), s, control.showProgress()));
    }

    public LoopSettings withProgress(boolean p) {
        return with(new RunControl(control.logEvery(), control.checkpointEvery(), control.stopAfterStep(), p));
    }
}
