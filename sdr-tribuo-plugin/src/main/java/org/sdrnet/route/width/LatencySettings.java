package org.sdrnet.route.width;

/**
 * How {@link OnnxLatencyMeter} times a model: untimed warm-up calls per batch size (ONNX Runtime allocates and picks
 * kernels on the first calls), then timed calls whose median is kept, and ONNX Runtime's intra-op threads.
 *
 * @param warmupRuns untimed calls per width and batch size
 * @param timedRuns  timed calls per width and batch size (the median is reported)
 * @param threads    intra-op threads; 0 lets ONNX Runtime choose (one per physical core), as a deployment would
 */
public record LatencySettings(int warmupRuns, int timedRuns, int threads) {
    public LatencySettings {
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("latency warm-up runs must be >= 0, got " + warmupRuns);
        }
        if (timedRuns < 1) {
            throw new IllegalArgumentException("latency timed runs must be >= 1, got " + timedRuns);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("latency threads must be 0 (ONNX Runtime's choice) or positive, got " + threads);
        }
    }

    /** 5 warm-up calls, 15 timed calls, ONNX Runtime's own thread count. */
    public static LatencySettings defaults() {
        return new LatencySettings(5, 15, 0);
    }

    public LatencySettings withTimedRuns(int runs) {
        return new LatencySettings(warmupRuns, runs, threads);
    }

    public LatencySettings withWarmupRuns(int runs) {
        return new LatencySettings(runs, timedRuns, threads);
    }

    public LatencySettings withThreads(int n) {
        return new LatencySettings(warmupRuns, timedRuns, n);
    }
}
