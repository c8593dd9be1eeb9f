package org.sdrnet.data.augment;

import java.util.List;
import org.sdrnet.data.ImageSet;

/**
 * Two independently augmented views of every image, by default both with the SimSiam recipe at 32 px
 * (METHODS.md §1): the input of SimSiam, SiamKD and the BYOL-style DSPNet loss.
 */
public final class TwoViewAugmenter implements MultiViewAugmenter {

    private final ViewAugmentation first;
    private final ViewAugmentation second;
    private final int outputSize;
    private final Normalization normalization;
    private final ViewRenderer renderer;

    private TwoViewAugmenter(Builder b) {
        if (b.outputSize <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + b.outputSize);
        }
        if (b.first == null || b.second == null || b.normalization == null) {
            throw new IllegalArgumentException("view augmentations and normalization must not be null");
        }
        first = b.first;
        second = b.second;
        outputSize = b.outputSize;
        normalization = b.normalization;
        renderer = new ViewRenderer(List.of(first.pipeline(outputSize), second.pipeline(outputSize)),
                new int[] {outputSize, outputSize}, normalization, b.parallel);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SimSiam defaults: 32 px, {@link ViewAugmentation#SIMSIAM} for both views, {@link Normalization#DEFAULT}. */
    public static TwoViewAugmenter simsiam() {
        return builder().build();
    }

    @Override
    public List<ViewBatch> augment(ImageSet images, int[] indices, long seed) {
        return renderer.render(images, indices, seed);
    }

    @Override
    public int[] viewSizes() {
        return renderer.sizes();
    }

    @Override
    public Normalization normalization() { return normalization; }

    public ViewAugmentation firstView() { return first; }
    public ViewAugmentation secondView() { return second; }
    public int outputSize() { return outputSize; }

    @Override
    public String toString() {
        return "TwoViewAugmenter[" + outputSize + " px, " + first + (first == second ? "" : ", " + second)
                + ", " + normalization + "]";
    }

    /** Settings of a {@link TwoViewAugmenter}; all optional. */
    public static final class Builder {
        private ViewAugmentation first = ViewAugmentation.SIMSIAM;
        private ViewAugmentation second = ViewAugmentation.SIMSIAM;
        private int outputSize = ImageSet.DEFAULT_SIZE;
        private Normalization normalization = Normalization.DEFAULT;
        private boolean parallel = true;

        private Builder() {
        }

        /** The same augmentation for both views (default {@link ViewAugmentation#SIMSIAM}). */
        public Builder optAugmentation(ViewAugmentation both) {
            first = both;
            second = both;
            return this;
        }

        /** Different augmentations per view (asymmetric recipes such as BYOL's). */
        public Builder optAugmentations(ViewAugmentation firstView, ViewAugmentation secondView) {
            first = firstView;
            second = secondView;
            return this;
        }

        /** Side of both views in pixels (default 32). */
        public Builder optOutputSize(int size) {
            outputSize = size;
            return this;
        }

        /** Default {@link Normalization#DEFAULT}. */
        public Builder optNormalization(Normalization n) {
            normalization = n;
            return this;
        }

        /** Spread samples over the common fork-join pool (default true); results are identical either way. */
        public Builder optParallel(boolean p) {
            parallel = p;
            return this;
        }

        public TwoViewAugmenter build() {
            return new TwoViewAugmenter(this);
        }
    }
}
