package org.sdrnet.route;

import org.junit.jupiter.api.Test;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LogME against closed forms: the evidence is the Gaussian marginal likelihood, and its fixed point is a maximum. */
class LogMeScoreTest {

    @Test
    void spectralEvidenceEqualsTheMarginalLikelihoodComputedDirectly() {
        // y ~ N(0, β⁻¹ I + α⁻¹ F Fᵀ) is the evidence of Bayesian linear regression; compute it with a Cholesky
        // factorisation of the n × n covariance and compare with the O(D) spectral form, at arbitrary (α, β).
        int n = 12;
        float[][] f = ScoreData.noise(n, 3, 21);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 0.7 * f[i][0] - 0.2 * f[i][2] + (i % 3 == 0 ? 0.3 : -0.1);
        }
        FeatureSpectrum s = FeatureSpectrum.of(f);
        double[] p = s.project(y);
        double yy = dot(y, y);
        for (double[] ab : new double[][] {{1, 1}, {0.3, 5}, {4, 0.5}}) {
            double direct = gaussianLogDensity(f, y, ab[0], ab[1]);
            assertEquals(direct, LogMeEvidence.logEvidence(s, p, yy, ab[0], ab[1]), 1e-9 * Math.abs(direct),
                    "alpha " + ab[0] + ", beta " + ab[1]);
        }
    }

    @Test
    void theEvidenceIsExactAlsoWithMoreDimensionsThanRows() {
        // n < D: F has rank n and the orthogonal part of y is empty; the spectral form must still be exact.
        int n = 6;
        float[][] f = ScoreData.noise(n, 10, 4);
        double[] y = {1, 0, 0, 1, 0, 1};
        FeatureSpectrum s = FeatureSpectrum.of(f);
        assertEquals(10 - n, java.util.Arrays.stream(s.eigenvalues()).filter(v -> v == 0).count(), "rank n");
        double direct = gaussianLogDensity(f, y, 2, 3);
        assertEquals(direct, LogMeEvidence.logEvidence(s, s.project(y), 3, 2, 3), 1e-8 * Math.abs(direct));
    }

    @Test
    void theFixedPointIsAMaximumOfTheEvidence() {
        int[] labels = ScoreData.labels(3, 90);
        float[][] f = ScoreData.separating(labels, 8, 1.0, 9);
        FeatureSpectrum s = FeatureSpectrum.of(f);
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] == 1 ? 1 : 0;
        }
        double[] p = s.project(y);
        LogMeEvidence.Result r = LogMeEvidence.maximise(s, p, 30);
        assertTrue(r.iterations() < LogMeEvidence.MAX_ITERATIONS, "converged");
        for (double fa : new double[] {0.9, 1.1, 1}) {
            for (double fb : new double[] {0.9, 1.1, 1}) {
                assertTrue(LogMeEvidence.logEvidence(s, p, 30, r.alpha() * fa, r.beta() * fb) <= r.logEvidence() + 1e-9,
                        "evidence grows at alpha x " + fa + ", beta x " + fb);
            }
        }
    }

    @Test
    void aLinearTargetHasHigherEvidenceThanShuffledLabels() {
        // Features that contain the one-hot code of the class (plus a little noise): every class target is linear in them.
        int[] labels = ScoreData.labels(4, 80);
        float[][] f = ScoreData.noise(labels.length, 6, 2);
        for (int i = 0; i < f.length; i++) {
            for (int j = 0; j < 6; j++) {
                f[i][j] *= 0.05f;
            }
            f[i][labels[i]] += 1;
        }
        LogMeScore logme = new LogMeScore();
        double linear = logme.score(f, labels, 4, 0);
        double shuffled = logme.score(f, ScoreData.shuffled(labels, 5), 4, 0);
        assertTrue(linear > shuffled + 1, "linear " + linear + " vs shuffled " + shuffled);
        assertTrue(Double.isFinite(linear) && Double.isFinite(shuffled));
        // an absent class is left out of the average: a fifth, empty class changes nothing
        assertEquals(linear, logme.score(f, labels, 5, 0), 1e-12);
    }

    /** log N(y; 0, β⁻¹ I + α⁻¹ F Fᵀ), straight from the definition. */
    private static double gaussianLogDensity(float[][] f, double[] y, double alpha, double beta) {
        int n = y.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < f[0].length; k++) {
                    s += (double) f[i][k] * f[j][k];
                }
                c[i][j] = s / alpha + (i == j ? 1 / beta : 0);
            }
        }
        DenseMatrix.CholeskyFactorization chol = DenseMatrix.createDenseMatrix(c).choleskyFactorization().orElseThrow();
        DenseVector solved = chol.solve(DenseVector.createDenseVector(y));
        double quad = 0;
        for (int i = 0; i < n; i++) {
            quad += y[i] * solved.get(i);
        }
        return -0.5 * (n * Math.log(2 * Math.PI) + Math.log(chol.determinant()) + quad);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
