package org.sdrnet.route;

import java.util.SplittableRandom;

/** Seeded synthetic features for the transfer-score tests: labels, and features that do or do not carry them. */
final class ScoreData {
    private ScoreData() {
    }

    /** Balanced labels 0…classes−1, row i has class i mod classes. */
    static int[] labels(int classes, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    /** Unit Gaussian noise in {@code dim} dimensions plus {@code separation} on axis {@code label} (classes separate). */
    static float[][] separating(int[] labels, int dim, double separation, long seed) {
        float[][] x = noise(labels.length, dim, seed);
        for (int i = 0; i < labels.length; i++) {
            x[i][labels[i]] += (float) separation;
        }
        return x;
    }

    /** Unit Gaussian noise: no feature says anything about any label. */
    static float[][] noise(int n, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][dim];
        for (float[] row : x) {
            for (int p = 0; p < dim; p++) {
                row[p] = (float) gaussian(rng);
            }
        }
        return x;
    }

    /** A seeded permutation of {@code labels}. */
    static int[] shuffled(int[] labels, long seed) {
        int[] y = labels.clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = y.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return y;
    }

    static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
