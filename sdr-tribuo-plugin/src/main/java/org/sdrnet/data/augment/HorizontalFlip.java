package org.sdrnet.data.augment;

import java.util.SplittableRandom;

/** Mirrors the image left-right with probability {@code p} (in place). */
public final class HorizontalFlip implements ImageTransform {

    public static final double DEFAULT_PROBABILITY = 0.5;

    private final double probability;

    public HorizontalFlip(double probability) {
        this.probability = Probabilities.check("horizontal flip probability", probability);
    }

    public HorizontalFlip() {
        this(DEFAULT_PROBABILITY);
    }

    public double probability() { return probability; }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (Probabilities.happens(probability, random)) {
            flip(image);
        }
        return image;
    }

    /** Reverses every row of every channel of {@code image} in place. */
    static void flip(FloatImage image) {
        float[] d = image.data();
        int w = image.width();
        int rows = image.channels() * image.height();
        for (int r = 0; r < rows; r++) {
            int a = r * w;
            int b = a + w - 1;
            while (a < b) {
                float t = d[a];
                d[a++] = d[b];
                d[b--] = t;
            }
        }
    }

    @Override
    public String toString() {
        return "HorizontalFlip[p " + probability + "]";
    }
}
