package org.sdrnet.eval;

/**
 * Input checks shared by the evaluators: a feature matrix must be non-empty, rectangular and finite, and
 * labels must be non-negative and one per row. Each failure is an {@link IllegalArgumentException} that
 * names the argument and the problem.
 */
final class FeatureChecks {

    private FeatureChecks() {
    }

    /** Checks {@code features} and returns its dimension. */
    static int checkFeatures(String what, float[][] features) {
        if (features == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        if (features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException(what + " row 0 has no values");
        }
        int d = features[0].length;
        for (int i = 0; i < features.length; i++) {
            float[] row = features[i];
            if (row == null || row.length != d) {
                throw new IllegalArgumentException(what + " row " + i + " has " + (row == null ? "no" : row.length)
                        + " values, expected " + d + " like row 0");
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException(what + " row " + i + " value " + j + " is " + row[j]);
                }
            }
        }
        return d;
    }

    /** Checks that there is one non-negative label per row and returns the number of classes (max label + 1). */
    static int checkLabels(String what, int[] labels, int rows) {
        if (labels == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException(what + " has " + labels.length + " labels for " + rows + " feature rows");
        }
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(what + "[" + i + "] is negative: " + labels[i]);
            }
            max = Math.max(max, labels[i]);
        }
        return max + 1;
    }

    /** Checks that train and test features have the same dimension. */
    static void checkSameDimension(int trainDim, int testDim) {
        if (trainDim != testDim) {
            throw new IllegalArgumentException("train features have " + trainDim + " dimensions but test features have "
                    + testDim);
        }
    }

    /** Fraction of positions where {@code predicted} equals {@code actual}. */
    static double accuracy(int[] predicted, int[] actual) {
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (predicted[i] == actual[i]) {
                correct++;
            }
        }
        return (double) correct / actual.length;
    }
}
