package org.sdrnet.data.augment;

import java.util.SplittableRandom;
import org.sdrnet.data.ImageSet;

/** Seeded synthetic images for the augmentation tests. */
final class TestImages {

    private TestImages() {
    }

    /** {@code n} images of random pixels. */
    static ImageSet random(int n, int channels, int size, long seed) {
        byte[] pixels = new byte[n * channels * size * size];
        new SplittableRandom(seed).nextBytes(pixels);
        return ImageSet.unlabeled("random-" + channels, channels, size, pixels);
    }

    /** {@code n} images where every pixel of every channel is {@code value}. */
    static ImageSet constant(int n, int channels, int size, int value) {
        byte[] pixels = new byte[n * channels * size * size];
        java.util.Arrays.fill(pixels, (byte) value);
        return ImageSet.unlabeled("constant-" + value, channels, size, pixels);
    }

    /** A random [0, 1] float image. */
    static FloatImage randomFloat(int channels, int height, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[channels * height * width];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat();
        }
        return new FloatImage(channels, height, width, d);
    }

    static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
