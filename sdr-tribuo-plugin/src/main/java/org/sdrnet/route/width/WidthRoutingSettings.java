package org.sdrnet.route.width;

import org.sdrnet.route.RoutingSettings;

/**
 * Settings of the {@link WidthRouter}.
 *
 * @param score   name of the {@link org.sdrnet.spi.TransferScore} that ranks the widths (default: routing's default,
 *                {@value RoutingSettings#DEFAULT_SCORE})
 * @param seed    seed of the score's folds; every width is scored on the same folds
 * @param budget  latency and size limits of the chosen width
 * @param latency how latency is measured
 */
public record WidthRoutingSettings(String score, long seed, WidthBudget budget, LatencySettings latency) {
    public WidthRoutingSettings {
        if (score == null || score.isBlank()) {
            throw new IllegalArgumentException("width choice needs a transfer score name, e.g. " + RoutingSettings.DEFAULT_SCORE);
        }
        if (budget == null || latency == null) {
            throw new IllegalArgumentException("width choice needs a budget and latency settings");
        }
    }

    /** Routing's default score, seed 0, no budget, {@link LatencySettings#defaults()}. */
    public static WidthRoutingSettings defaults() {
        return new WidthRoutingSettings(RoutingSettings.DEFAULT_SCORE, 0L, WidthBudget.none(), LatencySettings.defaults());
    }

    public WidthRoutingSettings withScore(String s) {
        return new WidthRoutingSettings(s, seed, budget, latency);
    }

    public WidthRoutingSettings withSeed(long s) {
        return new WidthRoutingSettings(score, s, budget, latency);
    }

    public WidthRoutingSettings withBudget(WidthBudget b) {
        return new WidthRoutingSettings(score, seed, b, latency);
    }

    public WidthRoutingSettings withLatency(LatencySettings l) {
        return new WidthRoutingSettings(score, seed, budget, l);
    }
}
