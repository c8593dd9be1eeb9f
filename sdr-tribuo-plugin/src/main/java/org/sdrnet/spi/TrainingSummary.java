package org.sdrnet.spi;

import java.nio.file.Path;

/**
 * What a pretraining run did: steps done of the total, whether it finished, its wall time and throughput, the last
 * loss, and where its checkpoint is.
 */
public record TrainingSummary(long globalStep, long totalSteps, boolean finished, double seconds, double imagesPerSecond,
                              float lastLoss, Path checkpoint) {
}
