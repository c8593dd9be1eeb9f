package org.sdrnet.spi;

/**
 * How routing ranks candidate backbones for a downstream task from frozen features of the task's <b>training</b>
 * split only (the test split is never seen): {@code knn} (cross-validated kNN accuracy, the default),
 * {@code linear} (held-out linear-probe accuracy), {@code linear-cv} (cross-validated linear-probe accuracy),
 * {@code logme} (LogME evidence). Higher is better.
 * <p>
 * A cross-validated score also reports its per-fold scores ({@link #scoreWithFolds}); routing's conservative rule then
 * compares a sub-net with the unified model fold by fold (paired, on the same folds) instead of by one number.
 */
public interface TransferScore extends Named {

    /**
     * @param features   one row per training image
     * @param labels     class of each row, 0…numClasses−1
     * @param numClasses number of classes of the task
     * @param seed       seed of any split or sampling
     */
    double score(float[][] features, int[] labels, int numClasses, long seed);

    /**
     * The score and, for a cross-validated score, its value on each fold (folds drawn from {@code seed}, so two
     * candidates scored with one seed are scored on the same folds). The default has no folds.
     */
    default Scored scoreWithFolds(float[][] features, int[] labels, int numClasses, long seed) {
        return new Scored(score(features, labels, numClasses, seed), new double[0]);
    }

    /**
     * A score and its per-fold values (empty when the score is not cross-validated).
     *
     * @param score the transfer score
     * @param folds the score on each fold, in fold order
     */
    record Scored(double score, double[] folds) {
        public Scored {
            folds = folds.clone();
        }

        @Override
        public double[] folds() {
            return folds.clone();
        }
    }
}
