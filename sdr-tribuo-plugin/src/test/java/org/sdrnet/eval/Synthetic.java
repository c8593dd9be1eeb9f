package org.sdrnet.eval;

import java.util.SplittableRandom;

/** Seeded synthetic feature sets for the evaluation tests. */
final class Synthetic {
    final float[][] x;
    final int[] y;

    private Synthetic(float[][] x, int[] y) {
        this.x = x;
        this.y = y;
    }

    /**
     * {@code perClass} points per class around class centres at distance {@code separation} along one axis
     * each (class c on axis c), with unit Gaussian noise in all {@code dim} dimensions.
     */
    static Synthetic clusters(int classes, int perClass, int dim, double separation, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = classes * perClass;
        float[][] x = new float[n][dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int p = 0; p < dim; p++) {
                x[i][p] = (float) gaussian(rng);
            }
            x[i][y[i]] += (float) separation;
        }
        return new Synthetic(x, y);
    }

    /** Pure Gaussian noise with uniformly random labels: no feature carries any label information. */
    static Synthetic noise(int classes, int n, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int p = 0; p < dim; p++) {
                x[i][p] = (float) gaussian(rng);
            }
        }
        return new Synthetic(x, y);
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
