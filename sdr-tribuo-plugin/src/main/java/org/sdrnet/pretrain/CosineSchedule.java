package org.sdrnet.pretrain;

/**
 * Learning rate with linear warm-up then cosine decay to zero over the whole run; a pure function
 * of the global step, so a resumed run continues the same curve. A loop that trains one part of a longer run (an SDR
 * level under one schedule for all levels) reads the curve from {@code offset} on: its step 0 is the run's step
 * {@code offset}.
 *
 * @param baseLr      peak learning rate
 * @param warmupSteps linear warm-up steps at the start of the run
 * @param totalSteps  steps of the whole run
 * @param offset      the run's step at this loop's step 0
 */
public record CosineSchedule(float baseLr, long warmupSteps, long totalSteps, long offset) {

    public CosineSchedule {
        if (totalSteps <= 0 || warmupSteps < 0 || !(baseLr > 0) || offset < 0 || offset >= totalSteps) {
            throw new IllegalArgumentException("bad schedule: lr " + baseLr + ", warm-up " + warmupSteps + ", total " + totalSteps
                    + ", offset " + offset);
        }
    }

    /** A schedule for a whole run. */
    public CosineSchedule(float baseLr, long warmupSteps, long totalSteps) {
        this(baseLr, warmupSteps, totalSteps, 0);
    }

    /** The learning rate at this loop's {@code loopStep}. */
    public float at(long loopStep) {
        long step = loopStep + offset;
        if (step < warmupSteps) {
            return baseLr * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return (float) (baseLr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress))));
    }
}
