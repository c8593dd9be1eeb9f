package org.sdrnet.route;

/**
 * The checks every transfer score applies before it computes anything: a non-empty, rectangular, finite feature
 * matrix, one label per row inside {@code [0, numClasses)}, and at least two classes present (with one class every
 * candidate would score the same). Each failure is an {@link IllegalArgumentException} naming the score and the problem.
 */
final class ScoreInputs {
    private ScoreInputs() {
    }

    /** Checks the inputs of {@code score} and returns the feature dimension. */
    static int check(String score, float[][] features, int[] labels, int numClasses) {
        if (features == null || features.length == 0) {
            throw new IllegalArgumentException(score + " score: no feature rows");
        }
        if (features[0] == null || features[0].length == 0) {
            throw new IllegalArgumentException(score + " score: feature row 0 has no values");
        }
        int d = features[0].length;
        for (int i = 0; i < features.length; i++) {
            float[] row = features[i];
            if (row == null || row.length != d) {
                throw new IllegalArgumentException(score + " score: feature row " + i + " has "
                        + (row == null ? "no" : row.length) + " values, expected " + d + " like row 0");
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException(score + " score: feature row " + i + " value " + j + " is " + row[j]);
                }
            }
        }
        if (labels == null || labels.length != features.length) {
            throw new IllegalArgumentException(score + " score: " + (labels == null ? "no" : labels.length)
                    + " labels for " + features.length + " feature rows");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException(score + " score needs at least 2 classes, got " + numClasses);
        }
        boolean[] seen = new boolean[numClasses];
        int distinct = 0;
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l < 0 || l >= numClasses) {
                throw new IllegalArgumentException(score + " score: label " + l + " of row " + i + " is outside [0, "
                        + numClasses + ")");
            }
            if (!seen[l]) {
                seen[l] = true;
                distinct++;
            }
        }
        if (distinct < 2) {
            throw new IllegalArgumentException(score + " score needs rows of at least 2 classes; all " + labels.length
                    + " rows have class " + labels[0]);
        }
        return d;
    }
}
