package org.sdrnet.eval;

/**
 * The outcome of a kNN evaluation on a test set.
 *
 * @param accuracy    fraction of test rows whose predicted class equals the true one, in [0, 1]
 * @param predictions the predicted class of every test row, in test order
 */
public record KnnResult(double accuracy, int[] predictions) {
}
