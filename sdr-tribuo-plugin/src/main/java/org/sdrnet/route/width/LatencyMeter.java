package org.sdrnet.route.width;

import java.nio.file.Path;
import java.util.List;

/**
 * Measures how long exported backbones take per image. {@link OnnxLatencyMeter} times ONNX Runtime on this machine; a
 * test injects fixed figures to check the budget logic without depending on timings.
 */
@FunctionalInterface
public interface LatencyMeter {
    /**
     * The latency of each file, in the order given. All files are measured in one call so that an implementation can
     * interleave them, spreading the load of other processes over every width alike.
     */
    List<WidthLatency> measure(List<Path> onnxFiles);

    /** A short description for reports (how the figures were obtained). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
