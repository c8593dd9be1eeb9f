package org.sdrnet.eval;

import java.util.Collection;
import java.util.Map;

/**
 * Aggregates accuracies over downstream tasks: the mean accuracy and the mean log-odds log(p / (1 − p)),
 * the transfer aggregate of t-ReX (Sariyildiz et al., ICLR 2023), which weighs a gain near 100% more than
 * the same gain near 50%. Accuracies are fractions in [0, 1]; p is clipped to [1e-4, 1 − 1e-4] so a perfect
 * or a zero score stays finite. A task with several splits (k-fold protocols) is first averaged over its
 * splits and then counts once.
 */
public final class TaskMetrics {

    /** Accuracies are clipped to [CLIP, 1 − CLIP] before taking log-odds. */
    public static final double CLIP = 1e-4;

    /**
     * Mean accuracy and mean log-odds over {@code tasks} tasks.
     *
     * @param tasks        number of tasks aggregated
     * @param meanAccuracy mean of the per-task accuracies, in [0, 1]
     * @param meanLogOdds  mean of the per-task log-odds
     */
    public record Aggregate(int tasks, double meanAccuracy, double meanLogOdds) {
    }

    private TaskMetrics() {
    }

    /** log(p / (1 − p)) of an accuracy in [0, 1], clipped to [{@link #CLIP}, 1 − {@link #CLIP}]. */
    public static double logOdds(double accuracy) {
        checkAccuracy(accuracy);
        double p = Math.min(1 - CLIP, Math.max(CLIP, accuracy));
        return Math.log(p / (1 - p));
    }

    /** The mean of one task's split accuracies. */
    public static double averageOverSplits(double... splitAccuracies) {
        if (splitAccuracies == null || splitAccuracies.length == 0) {
            throw new IllegalArgumentException("a task needs at least one split accuracy");
        }
        double sum = 0;
        for (double a : splitAccuracies) {
            checkAccuracy(a);
            sum += a;
        }
        return sum / splitAccuracies.length;
    }

    /** Aggregates one accuracy per task. */
    public static Aggregate aggregate(Collection<Double> taskAccuracies) {
        if (taskAccuracies == null || taskAccuracies.isEmpty()) {
            throw new IllegalArgumentException("cannot aggregate over zero tasks");
        }
        double acc = 0;
        double odds = 0;
        for (double a : taskAccuracies) {
            acc += a;
            odds += logOdds(a);
        }
        int n = taskAccuracies.size();
        return new Aggregate(n, acc / n, odds / n);
    }

    /** Aggregates tasks given as split accuracies (task id → accuracy of every split), averaging splits first. */
    public static Aggregate aggregateSplits(Map<String, double[]> splitAccuraciesByTask) {
        if (splitAccuraciesByTask == null || splitAccuraciesByTask.isEmpty()) {
            throw new IllegalArgumentException("cannot aggregate over zero tasks");
        }
        return aggregate(splitAccuraciesByTask.entrySet().stream().map(e -> {
            try {
                return averageOverSplits(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("task '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }).toList());
    }

    private static void checkAccuracy(double a) {
        if (!(a >= 0 && a <= 1)) {
            throw new IllegalArgumentException("accuracy must be a fraction in [0, 1], got " + a);
        }
    }
}
