package org.sdrnet.route;

import org.sdrnet.eval.CrossValidation;
import org.sdrnet.eval.KnnEvaluator;
import org.sdrnet.spi.TransferScore;

/**
 * The {@code knn} transfer score, routing's default (METHODS.md §1 item 7): pooled accuracy of stratified
 * 5-fold cross-validated weighted kNN (cosine, k = 20, T = 0.07; {@link KnnEvaluator}, after Wu et al., CVPR 2018)
 * on the task's training split. Cheap, needs no training, and ranks frozen representations the way the kNN
 * evaluation of the SSL literature does.
 * <p>
 * Tiny tasks: the number of folds drops to the number of rows when there are fewer than 5, and k drops to the
 * size of the smallest training part of the cross-validation ({@code n − ⌈n / folds⌉} rows) when that is below 20,
 * so a task of, say, 10 images is still scored (with k = 8) instead of failing. {@link #effectiveK} tells which k
 * a task gets.
 */
public final class KnnScore implements TransferScore {
    public static final String NAME = "knn";

    private final int folds;
    private final int maxK;
    private final double temperature;

    /** ServiceLoader constructor: 5 folds, k = 20, T = 0.07. */
    public KnnScore() {
        this(KnnEvaluator.DEFAULT_FOLDS, KnnEvaluator.DEFAULT_K, KnnEvaluator.DEFAULT_TEMPERATURE);
    }

    public KnnScore(int folds, int maxK, double temperature) {
        if (folds < 2) {
            throw new IllegalArgumentException("knn score needs at least 2 folds, got " + folds);
        }
        if (maxK < 1) {
            throw new IllegalArgumentException("knn score needs k >= 1, got " + maxK);
        }
        new KnnEvaluator(maxK, temperature); // validates the temperature with the evaluator's own message
        this.folds = folds;
        this.maxK = maxK;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "5-fold cross-validated kNN accuracy on the training split (k = 20, lowered for tiny tasks); the default";
    }

    @Override
    public double score(float[][] features, int[] labels, int numClasses, long seed) {
        return scoreWithFolds(features, labels, numClasses, seed).score();
    }

    /** The pooled cross-validated accuracy and the accuracy of each fold (same folds). */
    @Override
    public Scored scoreWithFolds(float[][] features, int[] labels, int numClasses, long seed) {
        ScoreInputs.check(NAME, features, labels, numClasses);
        int n = features.length;
        CrossValidation cv = new KnnEvaluator(effectiveK(n), temperature)
                .crossValidate(features, labels, foldsFor(n), seed);
        return new Scored(cv.pooledAccuracy(), cv.foldAccuracies());
    }

    /** The k used for a task of {@code n} training rows: 20, or the smallest cross-validation training part if smaller. */
    public int effectiveK(int n) {
        int f = foldsFor(n);
        int largestFold = (n + f - 1) / f;
        return Math.max(1, Math.min(maxK, n - largestFold));
    }

    private int foldsFor(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("knn score needs at least 2 rows to cross-validate, got " + n);
        }
        return Math.min(folds, n);
    }

    @Override
    public String toString() {
        return "KnnScore[folds=" + folds + ", k<=" + maxK + ", T=" + temperature + "]";
    }
}
