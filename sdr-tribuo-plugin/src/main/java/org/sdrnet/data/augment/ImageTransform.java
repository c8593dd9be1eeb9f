package org.sdrnet.data.augment;

import java.util.SplittableRandom;

/**
 * One step of an augmentation pipeline. Every random choice comes from the generator passed in, so the
 * caller decides where randomness comes from and results are reproducible.
 */
@FunctionalInterface
public interface ImageTransform {

    /**
     * Transforms {@code image}. An implementation may modify {@code image} in place and return it, or return
     * a new image (for example of another size); callers must use the returned image only.
     */
    FloatImage apply(FloatImage image, SplittableRandom random);
}
