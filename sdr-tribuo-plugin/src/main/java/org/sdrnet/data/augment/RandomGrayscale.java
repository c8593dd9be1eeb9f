package org.sdrnet.data.augment;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, replaces every channel of a colour image by its luma (BT.601 weights), keeping
 * three channels so the network input shape stays the same. Gray images pass through unchanged.
 */
public final class RandomGrayscale implements ImageTransform {

    public static final double DEFAULT_PROBABILITY = 0.2;

    private final double probability;

    public RandomGrayscale(double probability) {
        this.probability = Probabilities.check("random grayscale probability", probability);
    }

    public RandomGrayscale() {
        this(DEFAULT_PROBABILITY);
    }

    public double probability() { return probability; }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (Probabilities.happens(probability, random) && image.channels() == 3) {
            toGray(image);
        }
        return image;
    }

    /** Sets R, G and B of every pixel of a colour image to its luma, in place. */
    static void toGray(FloatImage image) {
        float[] d = image.data();
        int plane = image.planeSize();
        for (int k = 0; k < plane; k++) {
            float y = ColorJitter.LUMA_R * d[k] + ColorJitter.LUMA_G * d[plane + k] + ColorJitter.LUMA_B * d[2 * plane + k];
            d[k] = y;
            d[plane + k] = y;
            d[2 * plane + k] = y;
        }
    }

    @Override
    public String toString() {
        return "RandomGrayscale[p " + probability + "]";
    }
}
