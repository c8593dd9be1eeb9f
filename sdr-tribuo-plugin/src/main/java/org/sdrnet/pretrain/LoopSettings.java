package org.sdrnet.pretrain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the shared training loop. Defaults [our choice]: SGD momentum 0.9, weight decay 5e-4, cosine schedule
 * with one warm-up epoch as in SimSiam's CIFAR recipe, but batch 64 and lr 0.8·batch/256 (= 0.2): on our short CPU
 * budgets the recipe's lr 0.05·batch/256 left the backbone behind a random-init one after 11 epochs, while 0.2 beat it
 * (the sweep is in docs/results.md).
 *
 * @param epochs           passes over the pool
 * @param batchSize        images per step (each gives two views)
 * @param baseLr           learning rate at batch 256; the loop scales it linearly with the batch
 * @param momentum         SGD momentum
 * @param weightDecay      L2 on weights with ≥ 2 dimensions
 * @param warmupEpochs     linear warm-up length
 * @param maxGradNorm      clip the global L2 norm of the gradients to this value; 0 = no clipping
 * @param seed             run seed: data order and augmentation derive from it and the step
 * @param logEvery         steps between log lines (JSON lines and the progress message)
 * @param checkpointEvery  steps between checkpoints (also at each epoch end and at the end)
 * @param stopAfterStep    stop (as if killed) once this many global steps are done; 0 = run to the end
 * @param showProgress     draw a terminal progress bar
 */
public record LoopSettings(int epochs, int batchSize, float baseLr, float momentum, float weightDecay, int warmupEpochs,
                           float maxGradNorm, long seed, int logEvery, int checkpointEvery, long stopAfterStep, boolean showProgress) {

    /**
     * Default gradient clipping [our choice]: well above the norms of ordinary steps (about 0.1–0.7 in our SimSiam and
     * SDR runs) so it only acts on rare spikes, which in an SDR run had wrecked the weights in one step.
     */
    public static final float DEFAULT_MAX_GRAD_NORM = 2f;

    public LoopSettings {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm needs it), got " + batchSize);
        }
        if (baseLr <= 0 || momentum < 0 || momentum >= 1 || weightDecay < 0 || warmupEpochs < 0 || !(maxGradNorm >= 0) || logEvery <= 0 || checkpointEvery <= 0) {
            throw new IllegalArgumentException("invalid optimisation settings: lr " + baseLr + ", momentum " + momentum
                    + ", weight decay " + weightDecay + ", warm-up " + warmupEpochs + ", max gradient norm " + maxGradNorm + ", logEvery " + logEvery
                    + ", checkpointEvery " + checkpointEvery);
        }
    }

    public static LoopSettings defaults() {
        return new LoopSettings(10, 64, 0.8f, 0.9f, 5e-4f, 1, DEFAULT_MAX_GRAD_NORM, 42L, 10, 200, 0, true);
    }

    public LoopSettings withEpochs(int e) {
        return new LoopSettings(e, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, logEvery, checkpointEvery, stopAfterStep, showProgress);
    }

    public LoopSettings withBatchSize(int b) {
        return new LoopSettings(epochs, b, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, logEvery, checkpointEvery, stopAfterStep, showProgress);
    }

    public LoopSettings withSeed(long s) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, s, logEvery, checkpointEvery, stopAfterStep, showProgress);
    }

    public LoopSettings withStopAfterStep(long s) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, logEvery, checkpointEvery, s, showProgress);
    }

    public LoopSettings withCheckpointEvery(int c) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, logEvery, c, stopAfterStep, showProgress);
    }

    public LoopSettings withLogEvery(int l) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, l, checkpointEvery, stopAfterStep, showProgress);
    }

    public LoopSettings withProgress(boolean p) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, logEvery, checkpointEvery, stopAfterStep, p);
    }

    public LoopSettings withBaseLr(float lr) {
        return new LoopSettings(epochs, batchSize, lr, momentum, weightDecay, warmupEpochs, maxGradNorm, seed, logEvery, checkpointEvery, stopAfterStep, showProgress);
    }

    public LoopSettings withWarmupEpochs(int w) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, w, maxGradNorm, seed, logEvery, checkpointEvery, stopAfterStep, showProgress);
    }

    public LoopSettings withMaxGradNorm(float g) {
        return new LoopSettings(epochs, batchSize, baseLr, momentum, weightDecay, warmupEpochs, g, seed, logEvery, checkpointEvery, stopAfterStep, showProgress);
    }

    /** The settings that define the optimisation trajectory: a resumed run must match them exactly. */
    public Map<String, Object> trajectory() {
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
