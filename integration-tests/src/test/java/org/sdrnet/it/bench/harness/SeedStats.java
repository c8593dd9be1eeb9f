package org.sdrnet.it.bench.harness;

import java.util.Arrays;
import java.util.Locale;

/**
 * Mean, standard deviation and a 95 % confidence interval of a small sample (one value per seed), Student's t with
 * n − 1 degrees of freedom. For a paired comparison pass the per-seed differences (A − B on the same seed): the
 * interval then excludes 0 only when A beats B consistently across seeds, not merely on average.
 *
 * @param n          sample size (seeds)
 * @param mean       sample mean
 * @param sd         sample standard deviation (n − 1 in the denominator; 0 for one value)
 * @param halfWidth  half the width of the 95 % interval (infinite for one value: one seed proves nothing)
 */
public record SeedStats(int n, double mean, double sd, double halfWidth) {
    /** Two-sided 97.5 % quantiles of Student's t for 1 … 30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
        2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
        2.048, 2.045, 2.042};

    public static SeedStats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int n = values.length;
        double mean = Arrays.stream(values).average().orElseThrow();
        double ss = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double half = n > 1 ? t975(n - 1) * sd / Math.sqrt(n) : Double.POSITIVE_INFINITY;
        return new SeedStats(n, mean, sd, half);
    }

    /** Student's t 97.5 % quantile; beyond 30 degrees of freedom the normal's 1.96 (within 2 %). */
    static double t975(int df) {
        return df <= T975.length ? T975[df - 1] : 1.96;
    }

    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** "71.2 ± 0.8" in points from fractions, as the results tables print it. */
    public String meanSd() {
        return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * sd);
    }

    /** "1.17 ± 0.05" as the values are (not fractions: e.g. mean log-odds). */
    public String meanSdPlain() {
        return String.format(Locale.ROOT, "%.2f ± %.2f", mean, sd);
    }

    /** "+0.13 [+0.02, +0.24]" as the values are (not fractions): mean and 95 % interval. */
    public String meanIntervalPlain() {
        return n > 1 ? String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", mean, low(), high())
                : String.format(Locale.ROOT, "%+.2f [one seed]", mean);
    }

    /** "+1.3 [+0.2, +2.4]" in points: mean and 95 % interval. */
    public String meanInterval() {
        return n > 1 ? String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", 100 * mean, 100 * low(), 100 * high())
                : String.format(Locale.ROOT, "%+.1f [one seed]", 100 * mean);
    }
}
