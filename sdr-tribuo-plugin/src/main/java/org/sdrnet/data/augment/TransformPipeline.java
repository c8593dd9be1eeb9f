package org.sdrnet.data.augment;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed sequence of transforms applied in order: the augmentation of one view. Each step draws from its
 * own generator split off the caller's in step order, so changing one step's settings (say, the jitter
 * strength) does not change the random choices of the steps after it.
 */
public final class TransformPipeline implements ImageTransform {

    private final List<ImageTransform> steps;

    public TransformPipeline(List<? extends ImageTransform> steps) {
        if (steps == null || steps.stream().anyMatch(s -> s == null)) {
            throw new IllegalArgumentException("pipeline steps must be a list without null entries");
        }
        this.steps = List.copyOf(steps);
    }

    public static TransformPipeline of(ImageTransform... steps) {
        return new TransformPipeline(List.of(steps));
    }

    public List<ImageTransform> steps() { return steps; }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        FloatImage current = image;
        for (ImageTransform step : steps) {
            current = step.apply(current, random.split());
        }
        return current;
    }

    @Override
    public String toString() {
        return "TransformPipeline" + steps;
    }
}
