package org.sdrnet.route;

import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;

/**
 * The spectral form of a feature matrix F (n × D) that LogME needs, computed once and shared by every class target:
 * the eigen-decomposition F<sup>T</sup>F = V diag(λ) V<sup>T</sup> (λ<sub>i</sub> are the squared singular values
 * of F, V its right singular vectors). A target y enters only through its projections
 * p<sub>i</sub> = v<sub>i</sub><sup>T</sup> F<sup>T</sup> y and ‖y‖², so nothing of size n × n is ever formed.
 * <p>
 * The decomposition is Tribuo's symmetric eigen-solver in double precision. Eigenvalues below
 * {@value #RELATIVE_RANK_TOLERANCE} × the largest are treated as exact zeros (the rank deficiency of a task with
 * fewer images than feature dimensions, or of dead feature channels).
 */
final class FeatureSpectrum {
    /** Eigenvalues smaller than this fraction of the largest count as zero [our choice]. */
    static final double RELATIVE_RANK_TOLERANCE = 1e-10;

    private final float[][] features;
    private final double[] lambda;
    private final double[][] vectors;

    private FeatureSpectrum(float[][] features, double[] lambda, double[][] vectors) {
        this.features = features;
        this.lambda = lambda;
        this.vectors = vectors;
    }

    /** The spectrum of {@code features} (checked by the caller: non-empty, rectangular, finite). */
    static FeatureSpectrum of(float[][] features) {
        int d = features[0].length;
        double[][] gram = new double[d][d];
        for (float[] row : features) {
            for (int a = 0; a < d; a++) {
                double ra = row[a];
                if (ra == 0) {
                    continue;
                }
                double[] ga = gram[a];
                for (int b = a; b < d; b++) {
                    ga[b] += ra * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                gram[a][b] = gram[b][a]; // exactly symmetric, as the solver requires
            }
        }
        DenseMatrix.EigenDecomposition eig = DenseMatrix.createDenseMatrix(gram).eigenDecomposition()
                .orElseThrow(() -> new IllegalStateException("LogME: the eigen-decomposition of the " + d + " x " + d
                        + " feature Gram matrix failed"));
        DenseVector values = eig.eigenvalues();
        double max = 0;
        for (int i = 0; i < d; i++) {
            max = Math.max(max, values.get(i));
        }
        double[] lambda = new double[d];
        double[][] vectors = new double[d][];
        for (int i = 0; i < d; i++) {
            double v = values.get(i);
            lambda[i] = v > RELATIVE_RANK_TOLERANCE * max ? v : 0.0;
            vectors[i] = eig.getEigenVector(i).toArray();
        }
        return new FeatureSpectrum(features, lambda, vectors);
    }

    /** Number of rows n. */
    int rows() {
        return features.length;
    }

    /** Feature dimension D. */
    int dimension() {
        return lambda.length;
    }

    /** The eigenvalues λ<sub>i</sub> of F<sup>T</sup>F (zeros below the rank tolerance), a copy. */
    double[] eigenvalues() {
        return lambda.clone();
    }

    /** λ<sub>i</sub> without copying, for the evidence loop. */
    double eigenvalue(int i) {
        return lambda[i];
    }

    /** The projections p<sub>i</sub> = v<sub>i</sub><sup>T</sup> F<sup>T</sup> y of a target with one value per row. */
    double[] project(double[] y) {
        if (y.length != features.length) {
            throw new IllegalArgumentException("LogME target has " + y.length + " values for " + features.length + " rows");
        }
        int d = lambda.length;
        double[] fty = new double[d];
        for (int r = 0; r < features.length; r++) {
            if (y[r] == 0) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                fty[j] += features[r][j] * y[r];
            }
        }
        double[] p = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += vectors[i][j] * fty[j];
            }
            p[i] = s;
        }
        return p;
    }
}
