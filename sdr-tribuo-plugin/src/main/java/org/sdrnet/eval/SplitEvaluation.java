package org.sdrnet.eval;

/**
 * The evaluation of one train/test split of a task; a part switched off in the protocol is {@code null}.
 *
 * @param split  index of the split in the task
 * @param knn    the kNN result on the split's test part, or null
 * @param linear the linear-probe result on the split's test part, or null
 */
public record SplitEvaluation(int split, KnnResult knn, LinearProbeResult linear) {
}
