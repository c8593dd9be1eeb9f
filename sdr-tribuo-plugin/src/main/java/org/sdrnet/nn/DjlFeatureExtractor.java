package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.Normalization;

/**
 * Frozen features of a {@link Backbone} computed in-process with DJL (BatchNorm in inference mode), in batches,
 * on a chosen device. The ONNX Runtime extractor gives the same numbers from an exported file.
 */
public final class DjlFeatureExtractor implements ImageFeatures {
    private final Backbone backbone;
    private final NDManager manager;
    private final ParameterBlock net;
    private final Normalization normalization;
    private final int batchSize;

    public DjlFeatureExtractor(Backbone backbone, Device device) {
        this(backbone, device, Normalization.DEFAULT, 256);
    }

    public DjlFeatureExtractor(Backbone backbone, Device device, Normalization normalization, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.backbone = backbone;
        this.manager = NDManager.newBaseManager(device);
        this.net = backbone.toDjl(manager);
        this.normalization = normalization;
        this.batchSize = batchSize;
    }

    public Backbone backbone() {
        return backbone;
    }

    @Override
    public java.util.Map<String, String> provenance() {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>(backbone.provenance());
        p.put("runtime", "djl");
        p.put("backbone", backbone.spec().toString());
        return p;
    }

    @Override
    public int featureDim() {
        return backbone.spec().featureDim();
    }

    /** One feature row per image of {@code images}. */
    @Override
    public float[][] features(ImageSet images) {
        int size = backbone.spec().imageSize();
        if (images.imageSize() != size) {
            throw new IllegalArgumentException("image set '" + images.name() + "' has " + images.imageSize()
                    + " px images; backbone " + backbone.spec().name() + " expects " + size + " px");
        }
        int n = images.size();
        int d = featureDim();
        float[][] out = new float[n][];
        ParameterStore ps = new ParameterStore(manager, false);
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = start + i;
            }
            try (NDManager sm = manager.newSubManager()) {
                NDArray x = sm.create(BatchTensors.plain(images, idx, normalization), new Shape(b, 3, size, size));
                float[] f = net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
                for (int i = 0; i < b; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(f, i * d, (i + 1) * d);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
