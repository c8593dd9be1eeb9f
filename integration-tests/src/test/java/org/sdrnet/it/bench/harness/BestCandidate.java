package org.sdrnet.it.bench.harness;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;
import org.sdrnet.eval.SplitEvaluation;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The oracle of a routed comparison, for analysis only: every routing candidate of a split (the shortlisted sub-nets
 * and the unified model) evaluated on the test split, and the best test accuracy per metric. It separates "no better
 * sub-net exists" (oracle ≈ unified) from "routing did not pick it" (oracle above routed). It looks at test labels, so
 * it is never a way to choose.
 * <p>
 * The best of several candidates on one test set is biased upwards (by about 1.5 standard errors for nine equal
 * candidates), so a second, held-out oracle is reported beside it: the test images are split in two stratified halves,
 * the candidate best on one half is scored on the other, and both directions are averaged (weighted by the halves'
 * sizes). Its expectation is the accuracy of a candidate chosen on test data without the selection bias.
 */
final class BestCandidate {
    /** Seed of the stratified halving of each test split. */
    static final long HALVES_SEED = 0x0AC1EL;

    /** Per metric: the best candidate's test accuracy, and the held-out oracle; both averaged over the task's splits. */
    record Oracle(Map<String, Double> best, Map<String, Double> heldOut) {
    }

    private BestCandidate() {
    }

    /**
     * The oracles of {@code result}; each candidate is the network {@code router} scored ({@link Router#network};
     * {@code pool} when it recalibrates BatchNorm, else null).
     */
    static Oracle of(RoutedComparison.TaskResult result, DownstreamTask task, SdrRun run, Backbone unified,
                     FrozenEvaluation evaluation, Router router, ImageSet pool) {
        Map<String, Double> best = new LinkedHashMap<>();
        Map<String, Double> heldOut = new LinkedHashMap<>();
        int n = result.splits().size();
        for (RoutedComparison.SplitResult s : result.splits()) {
            DownstreamTask.Split split = task.splits().get(s.split());
            DownstreamTask one = new DownstreamTask(task.id(), task.description(), List.of(split));
            List<SplitEvaluation> candidates = new ArrayList<>();
            candidates.add(s.unified().splits().get(0));
            for (RoutingReport.Candidate c : s.routing().candidates()) {
                if (!c.isUnified() || s.routing().recalibratedBn()) {
                    candidates.add(evaluation.evaluate(router.network(c, run, unified, pool), one).splits().get(0));
                }
            }
            int[] labels = split.test().labels();
            int[][] halves = Sampling.stratifiedSplit(labels, split.test().numClasses(), 0.5, new SplittableRandom(HALVES_SEED));
            for (String metric : List.of(TaskEvaluation.KNN, TaskEvaluation.LINEAR)) {
                List<boolean[]> correct = new ArrayList<>();
                for (SplitEvaluation e : candidates) {
                    int[] predictions = predictions(e, metric);
                    if (predictions != null) {
                        boolean[] c = new boolean[labels.length];
                        for (int i = 0; i < labels.length; i++) {
                            c[i] = predictions[i] == labels[i];
                        }
                        correct.add(c);
                    }
                }
                if (correct.isEmpty()) {
                    continue;
                }
                int[] all = java.util.stream.IntStream.range(0, labels.length).toArray();
                best.merge(metric, bestAccuracy(correct, all) / n, Double::sum);
                heldOut.merge(metric, heldOut(correct, halves) / n, Double::sum);
            }
        }
        return new Oracle(best, heldOut);
    }

    private static int[] predictions(SplitEvaluation e, String metric) {
        if (TaskEvaluation.KNN.equals(metric)) {
            return e.knn() == null ? null : e.knn().predictions();
        }
        return e.linear() == null ? null : e.linear().predictions();
    }

    static double accuracy(boolean[] correct, int[] indices) {
        int right = 0;
        for (int i : indices) {
            right += correct[i] ? 1 : 0;
        }
        return (double) right / indices.length;
    }

    /** The index of the candidate most often right on {@code indices}; the first on ties (the unified model). */
    static int argBest(List<boolean[]> correct, int[] indices) {
        int best = 0;
        for (int j = 1; j < correct.size(); j++) {
            if (accuracy(correct.get(j), indices) > accuracy(correct.get(best), indices)) {
                best = j;
            }
        }
        return best;
    }

    /** Chosen on one half, scored on the other, both ways, weighted by the halves' sizes. */
    static double heldOut(List<boolean[]> correct, int[][] halves) {
        double aOnB = accuracy(correct.get(argBest(correct, halves[0])), halves[1]);
        double bOnA = accuracy(correct.get(argBest(correct, halves[1])), halves[0]);
        return (aOnB * halves[1].length + bOnA * halves[0].length) / (halves[0].length + halves[1].length);
    }

    static double bestAccuracy(List<boolean[]> correct, int[] indices) {
        return accuracy(correct.get(argBest(correct, indices)), indices);
    }
}
