package org.sdrnet.pretrain.simsiam;

/**
 * Head sizes of SimSiam at this project's small scale [our choice]: projector 512 hidden → 256, predictor
 * bottleneck 64 (the paper's 2048 → 2048 with a 512 bottleneck, scaled to 32-px images and CPU budgets).
 */
public record SimSiamSettings(int projectorHidden, int projectionDim, int predictorHidden) {
    public SimSiamSettings {
        if (projectorHidden <= 0 || projectionDim <= 0 || predictorHidden <= 0) {
            throw new IllegalArgumentException("SimSiam head sizes must be positive: " + projectorHidden + ", "
                    + projectionDim + ", " + predictorHidden);
        }
    }

    public static SimSiamSettings defaults() {
        return new SimSiamSettings(512, 256, 64);
    }
}
