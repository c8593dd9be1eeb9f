package org.sdrnet.route.width;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a chosen width may cost: at most {@code maxLatencyMs} milliseconds per image in ONNX Runtime at batch
 * {@code latencyBatch} (1 or 64, the two batch sizes {@link LatencyMeter} measures), and/or at most {@code maxParams}
 * parameters. An absent limit ({@code null}) does not constrain; with no limit at all the best-scoring width wins.
 *
 * @param maxLatencyMs largest measured ms per image allowed, or null
 * @param latencyBatch the batch size whose latency {@code maxLatencyMs} refers to: {@value #BATCH_ONE} (one image at a
 *                     time, the default: an interactive service) or {@value #BATCH_MANY} (throughput)
 * @param maxParams    largest parameter count allowed ({@link WidthCandidate#params()}), or null
 */
public record WidthBudget(Double maxLatencyMs, int latencyBatch, Long maxParams) {
    /** Batch of a one-image-at-a-time service. */
    public static final int BATCH_ONE = 1;
    /** Batch of bulk feature extraction. */
    public static final int BATCH_MANY = 64;

    public WidthBudget {
        if (maxLatencyMs != null && !(maxLatencyMs > 0 && Double.isFinite(maxLatencyMs))) {
            throw new IllegalArgumentException("latency budget must be a positive number of ms per image, got " + maxLatencyMs);
        }
        if (latencyBatch != BATCH_ONE && latencyBatch != BATCH_MANY) {
            throw new IllegalArgumentException("latency budget batch must be " + BATCH_ONE + " or " + BATCH_MANY
                    + " (the batch sizes measured), got " + latencyBatch);
        }
        if (maxParams != null && maxParams <= 0) {
            throw new IllegalArgumentException("parameter budget must be a positive count, got " + maxParams);
        }
    }

    /** No limit: the best-scoring width. */
    public static WidthBudget none() {
        return new WidthBudget(null, BATCH_ONE, null);
    }

    /** This budget with at most {@code ms} milliseconds per image at batch {@code batch}. */
    public WidthBudget withMaxLatencyMs(double ms, int batch) {
        return new WidthBudget(ms, batch, maxParams);
    }

    /** This budget with at most {@code ms} milliseconds per image at batch 1. */
    public WidthBudget withMaxLatencyMs(double ms) {
        return withMaxLatencyMs(ms, BATCH_ONE);
    }

    /** This budget with at most {@code params} parameters. */
    public WidthBudget withMaxParams(long params) {
        return new WidthBudget(maxLatencyMs, latencyBatch, params);
    }

    /** True when {@code c} is within every limit. */
    public boolean fits(WidthCandidate c) {
        return fitsParams(c) && (maxLatencyMs == null || c.latency().msPerImage(latencyBatch) <= maxLatencyMs);
    }

    /** True when {@code c} is within the parameter limit (or there is none). */
    public boolean fitsParams(WidthCandidate c) {
        return maxParams == null || c.params() <= maxParams;
    }

    /** True when no limit is set. */
    @JsonIgnore
    public boolean isUnlimited() {
        return maxLatencyMs == null && maxParams == null;
    }

    /** "≤ 0.500 ms/image at batch 1, ≤ 20,000 parameters", or "none". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (maxLatencyMs != null) {
            parts.add(String.format(Locale.ROOT, "≤ %.3f ms/image at batch %d", maxLatencyMs, latencyBatch));
        }
        if (maxParams != null) {
            parts.add(String.format(Locale.ROOT, "≤ %,d parameters", maxParams));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
