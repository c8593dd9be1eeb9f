package org.sdrnet.data.augment;

import java.util.Arrays;

/**
 * Per-channel {@code (x − mean) / std} applied to [0, 1] pixels of the three network input channels.
 * Training, evaluation and the exported ONNX model must agree on it, so it is a value the export records.
 * The default, mean 0.5 and std 0.25 on every channel, is [our choice].
 */
public final class Normalization {

    /** Mean 0.5, std 0.25 on all three channels. */
    public static final Normalization DEFAULT = uniform(0.5f, 0.25f);

    /** The network input always has three channels; gray images are replicated. */
    public static final int CHANNELS = 3;

    private final float[] mean;
    private final float[] std;
    private final float[] invStd;

    private Normalization(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length != CHANNELS || std.length != CHANNELS) {
            throw new IllegalArgumentException("normalization needs " + CHANNELS + " means and " + CHANNELS
                    + " standard deviations, got " + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        invStd = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            if (!Float.isFinite(mean[c])) {
                throw new IllegalArgumentException("normalization mean of channel " + c + " must be finite, got " + mean[c]);
            }
            if (!(std[c] > 0) || !Float.isFinite(std[c])) {
                throw new IllegalArgumentException("normalization std of channel " + c + " must be positive and finite, got " + std[c]);
            }
            invStd[c] = 1f / std[c];
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** Per-channel mean and standard deviation (three each, R, G, B order). */
    public static Normalization of(float[] mean, float[] std) {
        return new Normalization(mean, std);
    }

    /** The same mean and standard deviation on every channel. */
    public static Normalization uniform(float mean, float std) {
        return new Normalization(new float[] {mean, mean, mean}, new float[] {std, std, std});
    }

    /** A copy of the three means. */
    public float[] mean() { return mean.clone(); }

    /** A copy of the three standard deviations. */
    public float[] std() { return std.clone(); }

    /** Normalises one [0, 1] value of {@code channel}. */
    public float apply(int channel, float value) {
        return (value - mean[channel]) * invStd[channel];
    }

    /**
     * Writes {@code image} normalised into {@code dest} at {@code offset} as three planes (CHW); a gray image
     * is replicated into all three.
     */
    public void normalizeInto(FloatImage image, float[] dest, int offset) {
        int plane = image.planeSize();
        if (offset < 0 || offset + CHANNELS * plane > dest.length) {
            throw new IllegalArgumentException("destination of " + dest.length + " floats has no room for "
                    + CHANNELS + "x" + plane + " values at offset " + offset);
        }
        float[] src = image.data();
        for (int c = 0; c < CHANNELS; c++) {
            int from = image.channels() == 1 ? 0 : c * plane;
            int to = offset + c * plane;
            float m = mean[c];
            float inv = invStd[c];
            for (int k = 0; k < plane; k++) {
                dest[to + k] = (src[from + k] - m) * inv;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
    }
}
