package org.sdrnet.data.augment;

import java.util.List;
import org.sdrnet.data.ImageSet;

/**
 * Turns a batch of images into several augmented, normalised views, reproducibly from a seed: the input
 * side of every self-supervised and multi-crop method.
 */
public interface MultiViewAugmenter {

    /**
     * The views of the images at {@code indices}, one {@link ViewBatch} per view in a fixed order, each of
     * shape {@code [indices.length, 3, size, size]} with sample {@code b} from image {@code indices[b]}.
     * The randomness of each view of each image depends only on {@code seed}, the image's index in
     * {@code images} and the view number: callers vary the seed from step to step (for example with
     * {@link SampleSeeds#mix(long, long)} of the run seed and the step), and an image listed twice in one
     * call gets the same views both times.
     */
    List<ViewBatch> augment(ImageSet images, int[] indices, long seed);

    /** The side of each view in pixels, in output order. */
    int[] viewSizes();

    /** Number of views per image. */
    default int numViews() {
        return viewSizes().length;
    }

    /** The normalisation applied to every view. */
    Normalization normalization();
}
