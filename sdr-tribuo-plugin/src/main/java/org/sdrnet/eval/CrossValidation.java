package org.sdrnet.eval;

import java.util.stream.IntStream;

/**
 * Outcome of a stratified k-fold cross-validation, per fold. The folds depend only on the seed and the labels
 * ({@link org.sdrnet.data.Sampling#stratifiedFolds}), so two feature sets of the same images are validated on the
 * same folds and can be compared fold by fold.
 *
 * @param correct correct predictions in each fold
 * @param rows    rows in each fold
 */
public record CrossValidation(int[] correct, int[] rows) {
    public CrossValidation {
        if (correct.length != rows.length || correct.length == 0) {
            throw new IllegalArgumentException("cross-validation needs one count per fold, got " + correct.length
                    + " correct counts and " + rows.length + " fold sizes");
        }
        correct = correct.clone();
        rows = rows.clone();
    }

    /** Accuracy over all rows. */
    public double pooledAccuracy() {
        return (double) IntStream.of(correct).sum() / IntStream.of(rows).sum();
    }

    /** Accuracy of each fold, in fold order. */
    public double[] foldAccuracies() {
        return IntStream.range(0, correct.length).mapToDouble(f -> (double) correct[f] / rows[f]).toArray();
    }
}
