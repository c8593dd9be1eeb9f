package org.sdrnet.route.width;

import java.util.List;

/**
 * One width of a DSPNet run as the budget-aware choice saw it: its plain network, size, measured latency and
 * transfer score on the task's training split.
 *
 * @param width      the width multiplier
 * @param spec       name of the plain backbone spec of that width ({@code tiny-x0.5})
 * @param channels   channels of each stage at that width
 * @param params     parameters of the plain backbone (convolution weights and BatchNorm scale and shift; running
 *                   statistics are not parameters)
 * @param latency    measured ONNX Runtime latency
 * @param score      transfer score (higher is better); NaN before scoring
 * @param foldScores the score on each cross-validation fold; empty when the score has none
 * @param fits       whether the width is within the budget
 */
public record WidthCandidate(double width, String spec, List<Integer> channels, long params, WidthLatency latency,
                             double score, List<Double> foldScores, boolean fits) {
    public WidthCandidate {
        channels = List.copyOf(channels);
        foldScores = foldScores == null ? List.of() : List.copyOf(foldScores);
    }

    /** This candidate with its score. */
    public WidthCandidate withScore(double newScore, List<Double> folds) {
        return new WidthCandidate(width, spec, channels, params, latency, newScore, folds, fits);
    }

    /** This candidate with its budget verdict. */
    public WidthCandidate withFits(boolean newFits) {
        return new WidthCandidate(width, spec, channels, params, latency, score, foldScores, newFits);
    }
}
