package org.sdrnet.data.augment;

import java.util.List;
import org.sdrnet.data.ImageSet;

/**
 * Two independently augmented views of every image, by default both with the SimSiam recipe at 32 px
 * (METHODS.md §1): the input of SimSiam, SiamKD and the BYOL-style DSPNet loss.
 */
public final class TwoViewAugmenter extends ViewRenderer {

    private final ViewAugmentation first;
    private final ViewAugmentation second;
    private final int outputSize;

    private TwoViewAugmenter(Builder b) {
        super(List.of(new View(b.first, b.outputSize), new View(b.second, b.outputSize)), b);
        first = b.first;
        second = b.second;
        outputSize = b.outputSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SimSiam defaults: 32 px, {@link ViewAugmentation#SIMSIAM} for both views, {@link Normalization#DEFAULT}. */
    public static TwoViewAugmenter simsiam() {
        return builder().build();
    }

    public ViewAugmentation firstView() { return first; }
    public ViewAugmentation secondView() { return second; }
    public int outputSize() { return outputSize; }

    @Override
    public String toString() {
        return "TwoViewAugmenter[" + outputSize + " px, " + first + (first == second ? "" : ", " + second)
                + ", " + normalization() + "]";
    }

    /** Settings of a {@link TwoViewAugmenter}; all optional. */
    public static final class Builder extends BaseBuilder<Builder> {
        private ViewAugmentation first = ViewAugmentation.SIMSIAM;
        private ViewAugmentation second = ViewAugmentation.SIMSIAM;
        private int outputSize = ImageSet.DEFAULT_SIZE;

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

        public TwoViewAugmenter build() {
            if (outputSize <= 0) {
                throw new IllegalArgumentException("output size must be positive, got " + outputSize);
            }
            if (first == null || second == null) {
                throw new IllegalArgumentException("view augmentations must not be null");
            }
            return new TwoViewAugmenter(this);
        }
    }
}
