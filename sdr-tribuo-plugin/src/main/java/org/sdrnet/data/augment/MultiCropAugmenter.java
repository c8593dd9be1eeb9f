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
public final class MultiCropAugmenter implements MultiViewAugmenter {

    private final ViewAugmentation global;
    private final ViewAugmentation local;
    private final int numGlobal;
    private final int globalSize;
    private final int numLocal;
    private final int localSize;
    private final Normalization normalization;
    private final ViewRenderer renderer;

    private MultiCropAugmenter(Builder b) {
        if (b.numGlobal < 1) {
            throw new IllegalArgumentException("multi-crop needs at least one global crop, got " + b.numGlobal);
        }
        if (b.numLocal < 0) {
            throw new IllegalArgumentException("number of local crops must be >= 0, got " + b.numLocal);
        }
        if (b.globalSize <= 0 || b.localSize <= 0) {
            throw new IllegalArgumentException("crop sizes must be positive, got global " + b.globalSize
                    + ", local " + b.localSize);
        }
        if (b.base == null || b.normalization == null) {
            throw new IllegalArgumentException("augmentation and normalization must not be null");
        }
        global = b.base.toBuilder().optCropScale(b.globalScaleMin, b.globalScaleMax).build();
        local = b.base.toBuilder().optCropScale(b.localScaleMin, b.localScaleMax).build();
        numGlobal = b.numGlobal;
        globalSize = b.globalSize;
        numLocal = b.numLocal;
        localSize = b.localSize;
        normalization = b.normalization;
        List<TransformPipeline> pipelines = new ArrayList<>();
        int[] sizes = new int[numGlobal + numLocal];
        for (int v = 0; v < sizes.length; v++) {
            boolean isGlobal = v < numGlobal;
            pipelines.add(isGlobal ? global.pipeline(globalSize) : local.pipeline(localSize));
            sizes[v] = isGlobal ? globalSize : localSize;
        }
        renderer = new ViewRenderer(pipelines, sizes, normalization, b.parallel);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The t-ReX small-scale defaults: 1 × 32 px (scale 0.25–1) + 4 × 16 px (scale 0.05–0.25). */
    public static MultiCropAugmenter trex() {
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
                + "-" + local.cropScaleMax() + ", " + normalization + "]";
    }

    /** Settings of a {@link MultiCropAugmenter}; all optional. */
    public static final class Builder {
        private ViewAugmentation base = ViewAugmentation.SIMSIAM;
        private int numGlobal = 1;
        private int globalSize = ImageSet.DEFAULT_SIZE;
        private double globalScaleMin = 0.25;
        private double globalScaleMax = 1.0;
        private int numLocal = 4;
        private int localSize = 16;
        private double localScaleMin = 0.05;
        private double localScaleMax = 0.25;
        private Normalization normalization = Normalization.DEFAULT;
        private boolean parallel = true;

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

        public MultiCropAugmenter build() {
            return new MultiCropAugmenter(this);
        }
    }
}
