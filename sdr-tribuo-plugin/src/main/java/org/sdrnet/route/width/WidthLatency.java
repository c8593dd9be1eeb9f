package org.sdrnet.route.width;

/**
 * Measured inference time of one exported width in ONNX Runtime on this machine: the median over timed runs of one
 * call's wall time divided by its images, at batch {@value WidthBudget#BATCH_ONE} and at batch
 * {@value WidthBudget#BATCH_MANY}.
 *
 * @param msPerImageBatch1  ms per image when images come one at a time
 * @param msPerImageBatch64 ms per image in batches of 64
 */
public record WidthLatency(double msPerImageBatch1, double msPerImageBatch64) {
    public WidthLatency {
        if (!(msPerImageBatch1 > 0) || !(msPerImageBatch64 > 0)) {
            throw new IllegalArgumentException("latencies must be positive, got " + msPerImageBatch1 + " (batch 1) and "
                    + msPerImageBatch64 + " (batch 64) ms per image");
        }
    }

    /** The ms per image at {@code batch} (1 or 64). */
    public double msPerImage(int batch) {
        return switch (batch) {
            case WidthBudget.BATCH_ONE -> msPerImageBatch1;
            case WidthBudget.BATCH_MANY -> msPerImageBatch64;
            default -> throw new IllegalArgumentException("latency is measured at batch 1 and 64, not " + batch);
        };
    }
}
