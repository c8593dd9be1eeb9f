package org.sdrnet.eval;

/**
 * The outcome of a kNN evaluation on a test set.
 *
 * @param accuracy    fraction of test rows whose predicted class equals the true one, in [0, 1]
 * @param predictions the predicted class of every test row, in test order
 * @param k           the number of neighbours that voted (lower than the evaluator's k when the training part had
 *                    fewer rows; see {@link FeatureEvaluator})
 */
public record KnnResult(double accuracy, int[] predictions, int k) {
}
