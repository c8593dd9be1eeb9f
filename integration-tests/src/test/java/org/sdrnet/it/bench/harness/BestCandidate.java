package org.sdrnet.it.bench.harness;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;
import org.sdrnet.eval.TaskEvaluation;
import org.sdrnet.nn.Backbone;
import org.sdrnet.pretrain.sdr.SdrRun;
import org.sdrnet.route.Router;
import org.sdrnet.route.RoutingReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The oracle of a routed comparison, for analysis only: every routing candidate of a split (the shortlisted sub-nets
 * and the unified model) evaluated on the test split, and the best test accuracy per metric. It separates "no better
 * sub-net exists" (oracle ≈ unified) from "routing did not pick it" (oracle above routed). It looks at test labels, so
 * it is never a way to choose.
 */
final class BestCandidate {
    private BestCandidate() {
    }

    /**
     * Per metric, the best candidate's test accuracy, averaged over the task's splits; each candidate is the network
     * {@code router} scored ({@link Router#network}; {@code pool} when it recalibrates BatchNorm, else null).
     */
    static Map<String, Double> of(RoutedComparison.TaskResult result, DownstreamTask task, SdrRun run, Backbone unified,
                                  FrozenEvaluation evaluation, Router router, ImageSet pool) {
        Map<String, Double> sum = new LinkedHashMap<>();
        for (RoutedComparison.SplitResult s : result.splits()) {
            DownstreamTask one = new DownstreamTask(task.id(), task.description(), List.of(task.splits().get(s.split())));
            Map<String, Double> best = new LinkedHashMap<>(s.unified().accuracy());
            for (RoutingReport.Candidate c : s.routing().candidates()) {
                if (!c.isUnified() || s.routing().recalibratedBn()) {
                    TaskEvaluation e = evaluation.evaluate(router.network(c, run, unified, pool), one);
                    e.accuracy().forEach((metric, acc) -> best.merge(metric, acc, Math::max));
                }
            }
            best.forEach((metric, acc) -> sum.merge(metric, acc / result.splits().size(), Double::sum));
        }
        return sum;
    }
}
