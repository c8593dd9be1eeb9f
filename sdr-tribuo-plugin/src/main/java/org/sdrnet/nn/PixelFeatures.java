package org.sdrnet.nn;

import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.BatchTensors;
import org.sdrnet.data.augment.Normalization;

import java.util.Map;

/**
 * The raw normalised pixels (3 × 32 × 32 = 3,072 values) as features: the floor any learned backbone should clear,
 * reported beside random-init and pretrained backbones.
 */
public final class PixelFeatures implements ImageFeatures {
    private static final int BATCH = 512;
    private final int size;

    public PixelFeatures(int size) {
        this.size = size;
    }

    @Override
    public float[][] features(ImageSet images) {
        if (images.imageSize() != size) {
            throw new IllegalArgumentException("image set '" + images.name() + "' has " + images.imageSize() + " px images, expected " + size);
        }
        int n = images.size();
        int d = featureDim();
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = start + i;
            }
            float[] flat = BatchTensors.plain(images, idx, Normalization.DEFAULT);
            for (int i = 0; i < b; i++) {
                out[start + i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
            }
        }
        return out;
    }

    @Override
    public int featureDim() {
        return 3 * size * size;
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("method", "raw-pixels", "size", Integer.toString(size));
    }

    @Override
    public void close() {
        // nothing to release
    }
}
