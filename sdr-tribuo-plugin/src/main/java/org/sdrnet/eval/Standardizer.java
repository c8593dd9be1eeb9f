package org.sdrnet.eval;

import java.util.Arrays;

/**
 * Per-dimension standardisation (x − mean) / std with statistics from a training set, applied unchanged to
 * validation and test sets so no test information leaks into the probe. A constant dimension (std 0) is
 * only centred. Using it before the linear probe is a setting, on by default [our choice]: it makes one
 * cost grid suit features of any scale.
 */
final class Standardizer {
    private final double[] mean;
    private final double[] invStd;

    private Standardizer(double[] mean, double[] invStd) {
        this.mean = mean;
        this.invStd = invStd;
    }

    /** Statistics of {@code x} (checked, non-empty, rectangular). */
    static Standardizer fit(float[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] row : x) {
            for (int p = 0; p < d; p++) {
                mean[p] += row[p];
            }
        }
        for (int p = 0; p < d; p++) {
            mean[p] /= x.length;
        }
        double[] var = new double[d];
        for (float[] row : x) {
            for (int p = 0; p < d; p++) {
                double c = row[p] - mean[p];
                var[p] += c * c;
            }
        }
        double[] invStd = new double[d];
        for (int p = 0; p < d; p++) {
            double std = Math.sqrt(var[p] / x.length);
            invStd[p] = std > 1e-12 ? 1.0 / std : 1.0;
        }
        return new Standardizer(mean, invStd);
    }

    /** The identity transform for {@code d} dimensions (standardisation switched off). */
    static Standardizer identity(int d) {
        double[] ones = new double[d];
        Arrays.fill(ones, 1.0);
        return new Standardizer(new double[d], ones);
    }

    /** Row {@code row} transformed, as doubles for Tribuo. */
    double[] apply(float[] row) {
        double[] out = new double[row.length];
        for (int p = 0; p < row.length; p++) {
            out[p] = (row[p] - mean[p]) * invStd[p];
        }
        return out;
    }
}
