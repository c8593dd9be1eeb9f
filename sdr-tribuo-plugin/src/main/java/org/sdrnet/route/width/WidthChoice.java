package org.sdrnet.route.width;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The budget rule of the width choice, as pure functions over measured candidates: among the widths that fit the
 * budget, the highest score wins; equal scores go to the narrower width (same quality for less cost) [our choice]; a
 * NaN score never wins over a number. A budget that no width fits is an error naming the cheapest latency and size
 * available, so the user sees at once what budget could be met.
 */
public final class WidthChoice {
    private WidthChoice() {
    }

    /** The candidates with their {@link WidthCandidate#fits()} set for {@code budget}, in the same order. */
    public static List<WidthCandidate> judge(List<WidthCandidate> candidates, WidthBudget budget) {
        List<WidthCandidate> out = new ArrayList<>();
        for (WidthCandidate c : candidates) {
            out.add(c.withFits(budget.fits(c)));
        }
        return out;
    }

    /**
     * Fails unless at least one candidate fits {@code budget}: the one-line message names the budget, the lowest
     * latency at the budget's batch and the fewest parameters on offer (and their widths).
     *
     * @param what names the set of widths in the message, e.g. {@code "dspnet run runs/dspnet"}
     */
    public static void requireFeasible(List<WidthCandidate> candidates, WidthBudget budget, String what) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(what + " has no width to choose from");
        }
        if (candidates.stream().anyMatch(budget::fits)) {
            return;
        }
        WidthCandidate fastest = candidates.stream()
                .min(Comparator.comparingDouble(c -> c.latency().msPerImage(budget.latencyBatch()))).orElseThrow();
        WidthCandidate smallest = candidates.stream().min(Comparator.comparingLong(WidthCandidate::params)).orElseThrow();
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "no width of %s fits the budget (%s): the fastest is x%s at %.3f ms/image (batch %d), the smallest x%s with %,d parameters",
                what, budget.describe(), plain(fastest.width()), fastest.latency().msPerImage(budget.latencyBatch()),
                budget.latencyBatch(), plain(smallest.width()), smallest.params()));
    }

    /** The best-scoring candidate that fits {@code budget}; {@link #requireFeasible} explains when none does. */
    public static WidthCandidate choose(List<WidthCandidate> candidates, WidthBudget budget, String what) {
        requireFeasible(candidates, budget, what);
        WidthCandidate best = null;
        for (WidthCandidate c : candidates) {
            if (budget.fits(c) && (best == null || better(c, best))) {
                best = c;
            }
        }
        return best;
    }

    private static boolean better(WidthCandidate c, WidthCandidate best) {
        double a = Double.isNaN(c.score()) ? Double.NEGATIVE_INFINITY : c.score();
        double b = Double.isNaN(best.score()) ? Double.NEGATIVE_INFINITY : best.score();
        return a != b ? a > b : c.width() < best.width();
    }

    /** 0.5 → "0.5", 1.0 → "1". */
    static String plain(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }
}
