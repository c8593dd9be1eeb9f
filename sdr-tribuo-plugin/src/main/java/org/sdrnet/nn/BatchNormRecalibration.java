package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.Sampling;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.Normalization;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Re-estimates the BatchNorm running statistics of a backbone on un-augmented images, by forward passes only; every
 * learned weight stays as it is. Pretraining leaves running statistics of <em>augmented</em> views (crops, colour
 * jitter, gray views) averaged over the last few hundred steps, and an SDR sub-net's shared layers carry statistics of
 * batches that mixed every cluster, while features are later computed from clean images: recalibrating on the pool
 * (or on a sub-net's own cluster) makes the statistics those of the images the features will be computed from
 * (issue 12's "BatchNorm handling" [our choice, a setting]).
 * <p>
 * Images are shuffled (seeded) into batches of {@value #BATCH}; the running statistics are reset (mean 0, variance 1)
 * and updated with the training momentum of {@link Layers#BN_MOMENTUM} over at least {@value #MIN_UPDATES} batches
 * (whole passes over the images, reshuffled each pass), so the reset's weight in the result is below 0.9^100 ≈ 0.003 %.
 */
public final class BatchNormRecalibration {
    /** Images per forward pass. */
    public static final int BATCH = 256;
    /** Fewest batch updates of the running statistics. */
    public static final int MIN_UPDATES = 100;

    private BatchNormRecalibration() {
    }

    /**
     * {@code backbone} with BatchNorm running statistics measured on {@code images} (un-augmented, normalised as
     * features are), and the recalibration recorded in its provenance.
     *
     * @throws IllegalArgumentException on an empty image set or images of the wrong size
     */
    public static Backbone recalibrate(Backbone backbone, ImageSet images, Device device, long seed) {
        int size = backbone.spec().imageSize();
        if (images.size() == 0) {
            throw new IllegalArgumentException("cannot recalibrate BatchNorm on '" + images.name() + "': it has no images");
        }
        if (images.imageSize() != size) {
            throw new IllegalArgumentException("cannot recalibrate BatchNorm on '" + images.name() + "': " + images.imageSize()
                    + " px images, backbone " + backbone.spec().name() + " expects " + size + " px");
        }
        if (backbone.weights().keySet().stream().noneMatch(k -> k.endsWith(".runningMean"))) {
            // a Vision Transformer: nothing to re-estimate, and forward passes would only cost time
            Map<String, String> prov = new LinkedHashMap<>(backbone.provenance());
            prov.put("bnRecalibration", "none (" + backbone.spec().name() + " has no BatchNorm)");
            return new Backbone(backbone.spec(), backbone.weights(), prov);
        }
        int batchesPerPass = (images.size() + BATCH - 1) / BATCH;
        int passes = (MIN_UPDATES + batchesPerPass - 1) / batchesPerPass;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ParameterBlock net = backbone.toDjl(manager);
            net.namedParameters().forEach((name, p) -> {
                if (name.endsWith(".runningMean")) {
                    p.getArray().subi(p.getArray());
                } else if (name.endsWith(".runningVar")) {
                    p.getArray().subi(p.getArray()).addi(1f);
                }
            });
            ParameterStore ps = new ParameterStore(manager, false);
            for (int pass = 0; pass < passes; pass++) {
                int[] order = Sampling.permutation(images.size(), Sampling.mix(seed, 0xB7L, pass));
                for (int start = 0; start < order.length; start += BATCH) {
                    int[] idx = Arrays.copyOfRange(order, start, Math.min(order.length, start + BATCH));
                    try (NDManager sm = manager.newSubManager()) {
                        NDArray x = sm.create(BatchTensors.plain(images, idx, Normalization.DEFAULT),
                                new Shape(idx.length, 3, size, size));
                        net.forward(ps, new NDList(x), true); // training mode: BatchNorm updates its running statistics
                    }
                }
            }
            Map<String, HostTensor> weights = new LinkedHashMap<>();
            net.namedParameters().forEach((k, p) -> weights.put(k, HostTensor.of(p.getArray())));
            Map<String, String> prov = new LinkedHashMap<>(backbone.provenance());
            prov.put("bnRecalibration", images.name() + " (" + images.size() + " images, " + passes + " passes, seed " + seed + ")");
            return new Backbone(backbone.spec(), weights, prov);
        }
    }
}
