package org.sdrnet.route;

import ai.djl.Device;

/**
 * Settings of the {@link Router} (METHODS.md §1 item 7, defaults marked [our choice] there).
 *
 * @param score     name of the {@link org.sdrnet.spi.TransferScore} that ranks candidates ({@code knn}, {@code linear},
 *                  {@code logme}, or a user's own service)
 * @param shortlist M, the number of most-voted leaves to score; M = 0 or M ≥ the number of non-empty leaves scores
 *                  every non-empty leaf; negative values are refused
 * @param seed      seed of the score's splits; every candidate of one routing gets the same one, so they are compared
 *                  on the same folds
 * @param device    where the candidate networks compute features
 * @param margin    the conservative rule: a sub-net replaces the unified model only when its score beats the unified
 *                  model's by at least this much (score units: 0.01 is one point of accuracy for {@code knn},
 *                  {@code linear} and {@code linear-cv}); with a cross-validated score the gain is the paired
 *                  fold-wise mean minus one standard error ({@link Router#choose}); 0 = the highest score wins
 *                  [our choice until issue 12 measures it]
 * @param recalibrateBn score (and hand out) each sub-net with BatchNorm statistics re-estimated on its own cluster's
 *                  pool images, and the unified model with statistics re-estimated on the whole pool
 *                  ({@link org.sdrnet.nn.BatchNormRecalibration}; needs the pool at routing time) [our choice: off
 *                  until issue 12 measures it]
 */
public record RoutingSettings(String score, int shortlist, long seed, Device device, double margin, boolean recalibrateBn) {
    /** The default score. */
    public static final String DEFAULT_SCORE = KnnScore.NAME;
    /** The default shortlist size M. */
    public static final int DEFAULT_SHORTLIST = 8;

    public RoutingSettings {
        if (score == null || score.isBlank()) {
            throw new IllegalArgumentException("routing needs a transfer score name, e.g. " + DEFAULT_SCORE);
        }
        if (device == null) {
            throw new IllegalArgumentException("routing needs a device");
        }
        if (shortlist < 0) {
            throw new IllegalArgumentException("routing shortlist must be >= 0 (0 scores every non-empty leaf), got " + shortlist);
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("routing margin must be a finite number >= 0, got " + margin);
        }
    }

    /** Settings without a margin (the highest score wins) and with the trained BatchNorm statistics. */
    public RoutingSettings(String score, int shortlist, long seed, Device device) {
        this(score, shortlist, seed, device, 0, false);
    }

    /** knn, M = 8, seed 0, CPU. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(DEFAULT_SCORE, DEFAULT_SHORTLIST, 0L, Device.cpu());
    }

    public RoutingSettings withScore(String newScore) {
        return new RoutingSettings(newScore, shortlist, seed, device, margin, recalibrateBn);
    }

    public RoutingSettings withShortlist(int m) {
        return new RoutingSettings(score, m, seed, device, margin, recalibrateBn);
    }

    public RoutingSettings withSeed(long newSeed) {
        return new RoutingSettings(score, shortlist, newSeed, device, margin, recalibrateBn);
    }

    public RoutingSettings withDevice(Device newDevice) {
        return new RoutingSettings(score, shortlist, seed, newDevice, margin, recalibrateBn);
    }

    public RoutingSettings withMargin(double newMargin) {
        return new RoutingSettings(score, shortlist, seed, device, newMargin, recalibrateBn);
    }

    public RoutingSettings withRecalibratedBn(boolean recalibrate) {
        return new RoutingSettings(score, shortlist, seed, device, margin, recalibrate);
    }
}
