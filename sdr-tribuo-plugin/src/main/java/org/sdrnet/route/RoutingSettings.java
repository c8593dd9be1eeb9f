package org.sdrnet.route;

import ai.djl.Device;

/**
 * Settings of the {@link Router} (METHODS.md §1 item 7, defaults marked [our choice] there).
 *
 * @param score     name of the {@link org.sdrnet.spi.TransferScore} that ranks candidates ({@code knn}, {@code linear},
 *                  {@code logme}, or a user's own service)
 * @param shortlist M, the number of most-voted leaves to score; M ≤ 0 or M ≥ the number of non-empty leaves scores
 *                  every non-empty leaf
 * @param seed      seed of the score's splits; every candidate of one routing gets the same one, so they are compared
 *                  on the same folds
 * @param device    where the candidate networks compute features
 */
public record RoutingSettings(String score, int shortlist, long seed, Device device) {
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
    }

    /** knn, M = 8, seed 0, CPU. */
    public static RoutingSettings defaults() {
        return new RoutingSettings(DEFAULT_SCORE, DEFAULT_SHORTLIST, 0L, Device.cpu());
    }

    public RoutingSettings withScore(String newScore) {
        return new RoutingSettings(newScore, shortlist, seed, device);
    }

    public RoutingSettings withShortlist(int m) {
        return new RoutingSettings(score, m, seed, device);
    }

    public RoutingSettings withSeed(long newSeed) {
        return new RoutingSettings(score, shortlist, newSeed, device);
    }

    public RoutingSettings withDevice(Device newDevice) {
        return new RoutingSettings(score, shortlist, seed, newDevice);
    }
}
