package org.sdrnet.data.augment;

import java.util.stream.IntStream;
import org.sdrnet.data.ImageSet;

/**
 * Batches of images without augmentation, for evaluation and feature extraction: the same NCHW layout,
 * three channels (gray replicated) and normalisation as the augmented views, so a network sees the same
 * input statistics in training and in use.
 */
public final class BatchTensors {

    /** Parallelise only batches big enough to pay for the fork-join overhead. */
    private static final int PARALLEL_THRESHOLD = 256;

    private BatchTensors() {
    }

    /** The images at {@code indices} as {@code float[B·3·S·S]} (NCHW), normalised; S is the set's image size. */
    public static float[] plain(ImageSet images, int[] indices, Normalization normalization) {
        ViewRenderer.checkIndices(images, indices);
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
        // One lookup table per output channel: byte value → normalised float, computed exactly as the
        // augmenters compute it (x / 255, then (x - mean) / std).
        float[][] table = new float[Normalization.CHANNELS][256];
        for (int c = 0; c < Normalization.CHANNELS; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = normalization.apply(c, v / 255f);
            }
        }
        int channels = images.channels();
        int plane = images.imageSize() * images.imageSize();
        int perSample = Normalization.CHANNELS * plane;
        float[] out = new float[indices.length * perSample];
        IntStream positions = IntStream.range(0, indices.length);
        if (indices.length >= PARALLEL_THRESHOLD) {
            positions = positions.parallel();
        }
        positions.forEach(b -> {
            byte[] pixels = images.image(indices[b]);
            for (int c = 0; c < Normalization.CHANNELS; c++) {
                int from = channels == 1 ? 0 : c * plane;
                int to = b * perSample + c * plane;
                float[] t = table[c];
                for (int k = 0; k < plane; k++) {
                    out[to + k] = t[pixels[from + k] & 0xFF];
                }
            }
        });
        return out;
    }

    /** {@link #plain} with {@link Normalization#DEFAULT}. */
    public static float[] plain(ImageSet images, int[] indices) {
        return plain(images, indices, Normalization.DEFAULT);
    }
}
