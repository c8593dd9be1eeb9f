package org.sdrnet.pretrain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time of the phases of training steps, averaged over the steps since the last log line: forward (the objective's
 * forward pass and loss; the views were augmented ahead on another thread), backward, and optimizer (clipping and
 * update). PyTorch runs CPU operations
 * synchronously in the calling thread, so on the CPU these are the phases' real costs (docs/benchmarks.md, step profile).
 */
final class StepTimes {
    private long mark;
    private long forward;
    private long backward;
    private long optimizer;
    private int steps;

    void start() {
        mark = System.nanoTime();
    }

    void forwardDone() {
        forward += lap();
    }

    void backwardDone() {
        backward += lap();
    }

    void optimizerDone() {
        optimizer += lap();
        steps++;
    }

    private long lap() {
        long now = System.nanoTime();
        long d = now - mark;
        mark = now;
        return d;
    }

    /** Milliseconds per step of each phase since the last call, then starts over. */
    Map<String, Float> drain() {
        Map<String, Float> m = new LinkedHashMap<>();
        int n = Math.max(steps, 1);
        m.put("msForward", (float) (forward / 1e6 / n));
        m.put("msBackward", (float) (backward / 1e6 / n));
        m.put("msOptimizer", (float) (optimizer / 1e6 / n));
        forward = 0;
        backward = 0;
        optimizer = 0;
        steps = 0;
        return m;
    }
}
