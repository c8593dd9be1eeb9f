package org.sdrnet.data.augment;

/**
 * Derives independent generator seeds from a few integers, so that the randomness of one sample depends only
 * on what identifies it (for augmentation: the batch seed, the image's index in its data set and the view
 * number) and not on threads or on the order in which samples are processed.
 * <p>
 * Built on the 64-bit finaliser of SplitMix64 (Steele, Lea &amp; Flood 2014), a bijection with good avalanche.
 */
public final class SampleSeeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SampleSeeds() {
    }

    /** Mixes two values into a well-spread seed; the order matters. */
    public static long mix(long a, long b) {
        return finalise(finalise(a) ^ finalise(b + GOLDEN));
    }

    /** The seed of view {@code view} of image {@code imageIndex} under batch seed {@code seed}. */
    public static long forView(long seed, long imageIndex, int view) {
        return mix(mix(seed, imageIndex), view);
    }

    /** SplitMix64's output function. */
    static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
