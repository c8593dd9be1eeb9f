package org.sdrnet.eval;

import org.sdrnet.data.Sampling;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Weighted k-nearest-neighbour classification on frozen features, the standard quick probe of
 * self-supervised representations (Wu et al., "Unsupervised Feature Learning via Non-Parametric Instance
 * Discrimination", CVPR 2018).
 * <p>
 * Similarity is cosine (both sides L2-normalised); each of the k most similar training rows votes for its
 * class with weight exp(sim / T); the prediction is the class with the largest summed weight (ties go to the
 * smaller class index). Defaults k = 20 and T = 0.07 are METHODS.md §0 settings, marked [our choice].
 * Instances are immutable and thread-safe.
 */
public final class KnnEvaluator {

    /** Neighbours per query [our choice]. */
    public static final int DEFAULT_K = 20;
    /** Vote temperature [our choice]. */
    public static final double DEFAULT_TEMPERATURE = 0.07;
    /** Folds of {@link #crossValidatedAccuracy(float[][], int[], long)}, as routing uses (METHODS.md §1). */
    public static final int DEFAULT_FOLDS = 5;

    private final int k;
    private final double temperature;

    /** An evaluator with {@code k} neighbours and vote temperature {@code temperature}. */
    public KnnEvaluator(int k, double temperature) {
        if (k < 1) {
            throw new IllegalArgumentException("kNN needs k >= 1, got " + k);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("kNN temperature must be positive and finite, got " + temperature);
        }
        this.k = k;
        this.temperature = temperature;
    }

    /**
     * This evaluator with k lowered to {@code trainRows} when the training part is smaller than k (every training
     * row then votes, weighted by similarity), else this evaluator. Evaluation and routing treat small tasks alike:
     * both score them with the k the data allows instead of refusing.
     */
    public KnnEvaluator forTrainingRows(int trainRows) {
        if (trainRows < 1) {
            throw new IllegalArgumentException("kNN needs at least 1 training row, got " + trainRows);
        }
        return trainRows >= k ? this : new KnnEvaluator(trainRows, temperature);
    }

    /** k = 20, T = 0.07. */
    public static KnnEvaluator defaults() {
        return new KnnEvaluator(DEFAULT_K, DEFAULT_TEMPERATURE);
    }

    public int k() {
        return k;
    }

    public double temperature() {
        return temperature;
    }

    /** Predicts every test row from the training rows and scores the predictions against {@code testLabels}. */
    public KnnResult evaluate(float[][] trainFeatures, int[] trainLabels, float[][] testFeatures, int[] testLabels) {
        // Check the test side before the (costly) search so a bad label array fails fast.
        FeatureChecks.checkFeatures("test features", testFeatures);
        FeatureChecks.checkLabels("test labels", testLabels, testFeatures.length);
        int[] predictions = predict(trainFeatures, trainLabels, testFeatures);
        return new KnnResult(FeatureChecks.accuracy(predictions, testLabels), predictions, k);
    }

    /** The predicted class of every test row. */
    public int[] predict(float[][] trainFeatures, int[] trainLabels, float[][] testFeatures) {
        int d = FeatureChecks.checkFeatures("train features", trainFeatures);
        int numClasses = FeatureChecks.checkLabels("train labels", trainLabels, trainFeatures.length);
        FeatureChecks.checkSameDimension(d, FeatureChecks.checkFeatures("test features", testFeatures));
        if (k > trainFeatures.length) {
            throw new IllegalArgumentException("kNN with k = " + k + " needs at least " + k
                    + " training rows, got " + trainFeatures.length);
        }
        CosineNeighbours.Result neighbours = CosineNeighbours.search(trainFeatures, testFeatures, k);
        int[] predictions = new int[testFeatures.length];
        double[] votes = new double[numClasses];
        for (int i = 0; i < predictions.length; i++) {
            Arrays.fill(votes, 0);
            for (int r = 0; r < k; r++) {
                votes[trainLabels[neighbours.index(i, r)]] += Math.exp(neighbours.similarity(i, r) / temperature);
            }
            predictions[i] = argmax(votes);
        }
        return predictions;
    }

    /**
     * Pooled accuracy of {@code folds}-fold stratified cross-validation: every row is predicted once, from the
     * other folds, and the accuracy is over all rows. Deterministic for a seed.
     */
    public double crossValidatedAccuracy(float[][] features, int[] labels, int folds, long seed) {
        return crossValidate(features, labels, folds, seed).pooledAccuracy();
    }

    /** Cross-validates as {@link #crossValidatedAccuracy(float[][], int[], int, long)} does, keeping each fold's outcome. */
    public CrossValidation crossValidate(float[][] features, int[] labels, int folds, long seed) {
        FeatureChecks.checkFeatures("features", features);
        int numClasses = FeatureChecks.checkLabels("labels", labels, features.length);
        int[][] parts = Sampling.stratifiedFolds(labels, numClasses, folds, new SplittableRandom(seed));
        int[] correct = new int[parts.length];
        int[] rows = new int[parts.length];
        for (int f = 0; f < parts.length; f++) {
            int[] testIdx = parts[f];
            int[] trainIdx = Sampling.complement(features.length, testIdx);
            int[] predicted = predict(Rows.of(features, trainIdx), Rows.of(labels, trainIdx), Rows.of(features, testIdx));
            for (int t = 0; t < testIdx.length; t++) {
                if (predicted[t] == labels[testIdx[t]]) {
                    correct[f]++;
                }
            }
            rows[f] = testIdx.length;
        }
        return new CrossValidation(correct, rows);
    }

    /** {@link #crossValidatedAccuracy(float[][], int[], int, long)} with {@link #DEFAULT_FOLDS} folds. */
    public double crossValidatedAccuracy(float[][] features, int[] labels, long seed) {
        return crossValidatedAccuracy(features, labels, DEFAULT_FOLDS, seed);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "KnnEvaluator[k=" + k + ", T=" + temperature + "]";
    }
}
