package org.sdrnet.route;

/**
 * Maximum log evidence of one real-valued target under Bayesian linear regression on fixed features, the core of
 * LogME (You et al., "LogME: Practical Assessment of Pre-trained Models for Transfer Learning", ICML 2021).
 * <p>
 * Model: y = F w + ε with prior w ~ N(0, α<sup>−1</sup> I<sub>D</sub>) and noise ε ~ N(0, β<sup>−1</sup> I<sub>n</sub>).
 * Its log evidence is
 * <pre>
 *   L(α, β) = n/2 log β + D/2 log α − n/2 log 2π − β/2 ‖F m − y‖² − α/2 m<sup>T</sup>m − 1/2 log |A|,
 *   A = α I + β F<sup>T</sup>F,   m = β A<sup>−1</sup> F<sup>T</sup> y,
 * </pre>
 * maximised over α and β by the fixed-point iteration of the paper (MacKay's evidence updates):
 * γ = Σ<sub>i</sub> β λ<sub>i</sub> / (α + β λ<sub>i</sub>), α ← γ / m<sup>T</sup>m, β ← (n − γ) / ‖F m − y‖².
 * With the spectrum of F<sup>T</sup>F ({@link FeatureSpectrum}) every term is a sum over D eigenvalues:
 * m<sub>i</sub> = β p<sub>i</sub> / (α + β λ<sub>i</sub>) in the eigenbasis, and
 * ‖F m − y‖² = Σ<sub>λ<sub>i</sub>>0</sub> (p<sub>i</sub>² / λ<sub>i</sub>) (α / (α + β λ<sub>i</sub>))² + the part of y
 * outside the column space of F. One iteration costs O(D).
 * <p>
 * Iteration starts at α = β = 1 (as in the paper) and stops when both change by less than
 * {@value #TOLERANCE} relatively, or after {@value #MAX_ITERATIONS} iterations. α and β are kept inside
 * [{@value #MIN_PRECISION}, {@value #MAX_PRECISION}] so that a degenerate target (orthogonal to every feature, or fitted
 * exactly) gives a finite evidence rather than NaN [our choice].
 */
final class LogMeEvidence {
    static final double TOLERANCE = 1e-7;
    static final int MAX_ITERATIONS = 500;
    static final double MIN_PRECISION = 1e-12;
    static final double MAX_PRECISION = 1e12;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * The maximum found.
     *
     * @param alpha       prior precision at the maximum
     * @param beta        noise precision at the maximum
     * @param logEvidence L(α, β), the log evidence of the whole target (not yet divided by n)
     * @param iterations  fixed-point iterations used
     */
    record Result(double alpha, double beta, double logEvidence, int iterations) {
    }

    private LogMeEvidence() {
    }

    /**
     * Maximises the evidence of the target whose projections are {@code p} (see {@link FeatureSpectrum#project}) and
     * whose squared norm is {@code yy}.
     */
    static Result maximise(FeatureSpectrum s, double[] p, double yy) {
        double alpha = 1;
        double beta = 1;
        int it = 0;
        while (it < MAX_ITERATIONS) {
            it++;
            Terms t = terms(s, p, yy, alpha, beta);
            double gamma = 0;
            for (int i = 0; i < s.dimension(); i++) {
                double bl = beta * s.eigenvalue(i);
                gamma += bl / (alpha + bl);
            }
            double newAlpha = clamp(t.mm > 0 ? gamma / t.mm : MAX_PRECISION);
            double newBeta = clamp(t.residual > 0 ? (s.rows() - gamma) / t.residual : MAX_PRECISION);
            boolean converged = Math.abs(newAlpha - alpha) <= TOLERANCE * alpha && Math.abs(newBeta - beta) <= TOLERANCE * beta;
            alpha = newAlpha;
            beta = newBeta;
            if (converged) {
                break;
            }
        }
        return new Result(alpha, beta, logEvidence(s, p, yy, alpha, beta), it);
    }

    /** L(α, β) for the given precisions (exposed so that tests can check it against the marginal likelihood). */
    static double logEvidence(FeatureSpectrum s, double[] p, double yy, double alpha, double beta) {
        Terms t = terms(s, p, yy, alpha, beta);
        int n = s.rows();
        int d = s.dimension();
        return 0.5 * n * Math.log(beta) + 0.5 * d * Math.log(alpha) - 0.5 * n * LOG_2PI
                - 0.5 * beta * t.residual - 0.5 * alpha * t.mm - 0.5 * t.logDetA;
    }

    /** m<sup>T</sup>m, ‖F m − y‖² and log |A| at (α, β). */
    private static Terms terms(FeatureSpectrum s, double[] p, double yy, double alpha, double beta) {
        double mm = 0;
        double fitted = 0;   // Σ z_i², the part of ‖y‖² inside the column space of F
        double shrunk = 0;   // Σ z_i² (α / (α + β λ_i))², what the regularised fit leaves of it
        double logDet = 0;
        for (int i = 0; i < s.dimension(); i++) {
            double lambda = s.eigenvalue(i);
            double den = alpha + beta * lambda;
            logDet += Math.log(den);
            if (lambda > 0) {
                double m = beta * p[i] / den;
                mm += m * m;
                double z2 = p[i] * p[i] / lambda;
                fitted += z2;
                double r = alpha / den;
                shrunk += z2 * r * r;
            }
        }
        double outside = Math.max(0, yy - fitted); // rounding can make it a hair negative
        return new Terms(mm, shrunk + outside, logDet);
    }

    private record Terms(double mm, double residual, double logDetA) {
    }

    private static double clamp(double v) {
        return Math.max(MIN_PRECISION, Math.min(MAX_PRECISION, v));
    }
}
