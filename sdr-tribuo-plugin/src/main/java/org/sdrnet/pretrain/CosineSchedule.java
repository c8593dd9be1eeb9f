package org.sdrnet.pretrain;

/**
 * Learning rate with linear warm-up then cosine decay to zero over the whole run; a pure function
 * of the global step, so a resumed run continues the same curve.
 */
public record CosineSchedule(float baseLr, long warmupSteps, long totalSteps) {

    public CosineSchedule {
        if (totalSteps <= 0 || warmupSteps < 0 || baseLr <= 0) {
            throw new IllegalArgumentException("bad schedule: lr " + baseLr + ", warm-up " + warmupSteps + ", total " + totalSteps);
        }
    }

    public float at(long step) {
        if (step < warmupSteps) {
            return baseLr * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return (float) (baseLr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress))));
    }
}
