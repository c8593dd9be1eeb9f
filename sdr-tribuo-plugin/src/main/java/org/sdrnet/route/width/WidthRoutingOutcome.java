package org.sdrnet.route.width;

import org.sdrnet.nn.Backbone;

import java.nio.file.Path;

/**
 * The result of a budget-aware width choice.
 *
 * @param report   every width's score, latency and size, and the choice
 * @param backbone the chosen width as a plain backbone (its provenance carries the choice)
 * @param onnxFile the chosen width exported to ONNX (verified), ready for {@code SdrFeatureExtractor} or
 *                 {@code sdr train --backbone}
 */
public record WidthRoutingOutcome(WidthReport report, Backbone backbone, Path onnxFile) {
}
