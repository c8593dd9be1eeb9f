package org.sdrnet.route;

import org.sdrnet.spi.TransferScore;

/**
 * The {@code logme} transfer score: LogME (You et al., "LogME: Practical Assessment of Pre-trained Models for Transfer
 * Learning", ICML 2021). For each class c the one-hot target y<sub>c</sub> (1 for rows of class c, else 0) is explained
 * by Bayesian linear regression on the frozen features, the evidence is maximised over the prior and noise precisions
 * ({@link LogMeEvidence}), and the score is the maximum log evidence per sample, averaged over the classes:
 * {@code (1/C) Σ_c L_c / n}. Higher means the features explain the labels linearly with less complexity.
 * <p>
 * Needs no training and no split, so the seed is unused. Features are used as they are (no centring or scaling), as
 * in the paper. Classes without a row in the training split are left out of the average (their target is all zeros
 * and would say nothing about the features) [our choice]. Unlike the accuracy scores, values are not in [0, 1] and are
 * comparable only between candidates scored on the same task.
 */
public final class LogMeScore implements TransferScore {
    public static final String NAME = "logme";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LogME: maximum log evidence per sample of Bayesian linear regression, averaged over one-hot class targets";
    }

    @Override
    public double score(float[][] features, int[] labels, int numClasses, long seed) {
        ScoreInputs.check(NAME, features, labels, numClasses);
        FeatureSpectrum spectrum = FeatureSpectrum.of(features);
        int n = features.length;
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        double sum = 0;
        int present = 0;
        double[] y = new double[n];
        for (int c = 0; c < numClasses; c++) {
            if (counts[c] == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                y[i] = labels[i] == c ? 1 : 0;
            }
            LogMeEvidence.Result r = LogMeEvidence.maximise(spectrum, spectrum.project(y), counts[c]);
            sum += r.logEvidence() / n;
            present++;
        }
        return sum / present;
    }

    @Override
    public String toString() {
        return "LogMeScore";
    }
}
