package org.sdrnet.spi;

/**
 * How routing ranks candidate backbones for a downstream task from frozen features of the task's <b>training</b>
 * split only (the test split is never seen): {@code knn} (cross-validated kNN accuracy, the default),
 * {@code linear} (held-out linear-probe accuracy), {@code logme} (LogME evidence). Higher is better.
 */
public interface TransferScore extends Named {

    /**
     * @param features   one row per training image
     * @param labels     class of each row, 0…numClasses−1
     * @param numClasses number of classes of the task
     * @param seed       seed of any split or sampling
     */
    double score(float[][] features, int[] labels, int numClasses, long seed);
}
