package org.sdrnet.data.augment;

import java.util.ArrayList;
import java.util.List;
import org.sdrnet.data.ImageSet;

/**
 * Multi-crop views for t-ReX (Sariyildiz et al., ICLR 2023; METHODS.md §4) at small scale [our choice]:
 * by default one global 32-px crop of scale 0.25–1 and four local 16-px crops of scale 0.05–0.25, each with
 * the photometric SimSiam augmentations (jitter, grayscale, blur, flip). Views come out globals first, then
 * locals, so the output holds views of two sizes.
 */
public final class MultiCropAugmenter extends ViewRenderer {

    private final ViewAugmentation global;
    private final ViewAugmentation local;
    private final int numGlobal;
    private final int globalSize;
    private final int numLocal;
    private final int localSize;

    private MultiCropAugmenter(Builder b, ViewAugmentation global, ViewAugmentation local) {
        super(views(b, global, local), b);
        this.global = global;
        this.local = local;
        numGlobal = b.numGlobal;
        globalSize = b.globalSize;
        numLocal = b.numLocal;
        localSize = b.localSize;
    }

    /** The global crops, then the local ones. */
    private static List<View> views(Builder b, ViewAugmentation global, ViewAugmentation local) {
        List<View> views = new ArrayList<>();
        for (int v = 0; v < b.numGlobal; v++) {
            views.add(new View(global, b.globalSize));
        }
        for (int v = 0; v < b.numLocal; v++) {
            views.add(new View(local, b.localSize));
        }
        return views;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The t-ReX small-scale defaults: 1 × 32 px (scale 0.25–1) + 4 × 16 px (scale 0.05–0.25). */
    public static MultiCropAugmenter trex() {
        return builder().build();
    }

    public int numGlobal() { return numGlobal; }
    public int numLocal() { return numLocal; }
    public int globalSize() { return globalSize; }
    public int localSize() { return localSize; }
    /** The augmentation of global crops (crop scale included). */
    public ViewAugmentation globalAugmentation() { return global; }
    /** The augmentation of local crops (crop scale included). */
    public ViewAugmentation localAugmentation() { return local; }

    @Override
    public String toString() {
        return "MultiCropAugmenter[" + numGlobal + " x " + globalSize + " px scale " + global.cropScaleMin() + "-"
                + global.cropScaleMax() + ", " + numLocal + " x " + localSize + " px scale " + local.cropScaleMin()
                + "-" + local.cropScaleMax() + ", " + normalization() + "]";
    }

    /** Settings of a {@link MultiCropAugmenter}; all optional. */
    public static final class Builder extends BaseBuilder<Builder> {
        private ViewAugmentation base = ViewAugmentation.SIMSIAM;
        private int numGlobal = 1;
        private int globalSize = ImageSet.DEFAULT_SIZE;
        private double globalScaleMin = 0.25;
        private double globalScaleMax = 1.0;
        private int numLocal = 4;
        private int localSize = 16;
        private double localScaleMin = 0.05;
        private double localScaleMax = 0.25;

        private Builder() {
        }

        /** Photometric settings and aspect ratios for all crops; its crop scale is replaced by the crop settings. */
        public Builder optAugmentation(ViewAugmentation a) {
            base = a;
            return this;
        }

        /** Global crops: count (default 1), side (32) and area scale (0.25–1). */
        public Builder optGlobalCrops(int count, int size, double scaleMin, double scaleMax) {
            numGlobal = count;
            globalSize = size;
            globalScaleMin = scaleMin;
            globalScaleMax = scaleMax;
            return this;
        }

        /** Local crops: count (default 4), side (16) and area scale (0.05–0.25). */
        public Builder optLocalCrops(int count, int size, double scaleMin, double scaleMax) {
            numLocal = count;
            localSize = size;
            localScaleMin = scaleMin;
            localScaleMax = scaleMax;
            return this;
        }

        public MultiCropAugmenter build() {
            if (numGlobal < 1) {
                throw new IllegalArgumentException("multi-crop needs at least one global crop, got " + numGlobal);
            }
            if (numLocal < 0) {
                throw new IllegalArgumentException("number of local crops must be >= 0, got " + numLocal);
            }
            if (globalSize <= 0 || localSize <= 0) {
                throw new IllegalArgumentException("crop sizes must be positive, got global " + globalSize
                        + ", local " + localSize);
            }
            if (base == null) {
                throw new IllegalArgumentException("augmentation must not be null");
            }
            return new MultiCropAugmenter(this, base.toBuilder().optCropScale(globalScaleMin, globalScaleMax).build(),
                    base.toBuilder().optCropScale(localScaleMin, localScaleMax).build());
        }
    }
}
