package org.sdrnet.eval;

import java.util.List;

/**
 * Settings of the {@link LinearProbe}. Defaults: costs 10^-3 … 10^3 (7 values), 20% per-class validation,
 * standardised features [our choice], LIBLINEAR's own stopping tolerance 0.01 and at most 1,000 iterations.
 *
 * @param costs              the grid of inverse regularisation strengths C to tune over; positive, non-empty
 * @param validationFraction fraction of every class held out to choose C, in (0, 1)
 * @param standardize        whether features are standardised with training-set mean and std
 * @param maxIterations      LIBLINEAR iteration cap per fit
 * @param tolerance          LIBLINEAR stopping tolerance
 * @param seed               seed of the validation split (and of LIBLINEAR)
 */
public record LinearProbeSettings(List<Double> costs, double validationFraction, boolean standardize,
                                  int maxIterations, double tolerance, long seed) {

    public LinearProbeSettings {
        if (costs == null || costs.isEmpty()) {
            throw new IllegalArgumentException("linear probe needs at least one cost value");
        }
        costs = List.copyOf(costs);
        for (double c : costs) {
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("linear probe costs must be positive and finite, got " + c);
            }
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max iterations must be at least 1, got " + maxIterations);
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be positive and finite, got " + tolerance);
        }
    }

    /** The defaults listed above, with seed 0. */
    public static LinearProbeSettings defaults() {
        return new LinearProbeSettings(logGrid(-3, 3, 7), 0.2, true, 1000, 0.01, 0L);
    }

    /** {@code count} values evenly spaced in log10 from 10^{@code fromExp} to 10^{@code toExp}. */
    public static List<Double> logGrid(double fromExp, double toExp, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a cost grid needs at least one value, got " + count);
        }
        if (count == 1) {
            return List.of(Math.pow(10, fromExp));
        }
        Double[] grid = new Double[count];
        for (int i = 0; i < count; i++) {
            grid[i] = Math.pow(10, fromExp + (toExp - fromExp) * i / (count - 1));
        }
        return List.of(grid);
    }

    public LinearProbeSettings withCosts(List<Double> newCosts) {
        return new LinearProbeSettings(newCosts, validationFraction, standardize, maxIterations, tolerance, seed);
    }

    public LinearProbeSettings withStandardize(boolean on) {
        return new LinearProbeSettings(costs, validationFraction, on, maxIterations, tolerance, seed);
    }

    public LinearProbeSettings withSeed(long newSeed) {
        return new LinearProbeSettings(costs, validationFraction, standardize, maxIterations, tolerance, newSeed);
    }
}
