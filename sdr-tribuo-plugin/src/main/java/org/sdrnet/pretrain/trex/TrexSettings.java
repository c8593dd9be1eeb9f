package org.sdrnet.pretrain.trex;

import org.sdrnet.data.augment.MultiCropAugmenter;

import java.util.Locale;

/**
 * Settings of t-ReX pretraining (Sariyildiz et al., ICLR 2023; METHODS.md §4). Defaults are the paper's where METHODS.md
 * verified them and [our choice] at 32 px otherwise.
 *
 * @param classifier      what turns a crop's feature into class logits: {@link Classifier#PROTOTYPES} (t-ReX, default),
 *                        or a baseline
 * @param projectorDepth  h, the number of [Linear → BN → GELU] blocks of the projector; 0 = no projector (default 3, t-ReX;
 *                        t-ReX* is 1). Ignored by the {@code linear} baseline, which has none
 * @param projectorHidden width of the projector's hidden layers (default 512 [our choice], the paper's 2048 at 32 px)
 * @param projectionDim   projector output width (default 128 [our choice], the paper's 256 at 32 px)
 * @param temperature     τ of the cosine softmax (default 0.1)
 * @param memorySize      rows of the FIFO memory bank; 0 = {@code auto}: {@value #MEMORY_PER_CLASS} × the number of
 *                        classes, at least one batch (default auto [our choice], METHODS.md's small-scale size; the paper
 *                        keeps 8192 rows for 1000 classes, also about 8 per class)
 * @param emaMomentum     m of the EMA copy that fills the memory, e ← m·e + (1−m)·s after every update (default 0.999)
 * @param crops           the multi-crop views (default 1 global 32 px crop of scale 0.25–1 + 4 local 16 px crops of
 *                        scale 0.05–0.25, {@link Crops})
 */
public record TrexSettings(Classifier classifier, int projectorDepth, int projectorHidden, int projectionDim, float temperature,
                           int memorySize, float emaMomentum, Crops crops) {
    public static final String CLASSIFIER = "classifier";
    public static final String PROJECTOR_DEPTH = "projectorDepth";
    public static final String PROJECTOR_HIDDEN = "projectorHidden";
    public static final String PROJECTION_DIM = "projectionDim";
    public static final String TEMPERATURE = "temperature";
    public static final String MEMORY_SIZE = "memorySize";
    public static final String EMA_MOMENTUM = "emaMomentum";
    public static final String LOCAL_CROPS = "localCrops";
    public static final String LOCAL_SIZE = "localSize";
    public static final String GLOBAL_SCALE = "globalScale";
    public static final String LOCAL_SCALE = "localScale";
    /** Memory rows per class of the {@code auto} memory size [our choice, METHODS.md §4]. */
    public static final int MEMORY_PER_CLASS = 8;
    /** The {@link #memorySize()} that means {@code auto}. */
    public static final int AUTO_MEMORY = 0;

    /**
     * t-ReX's multi-crop views: one global crop at the image size (the size the exported backbone is fed), then
     * {@code locals} local crops of {@code localSize} px. Scales are fractions of the image's area.
     *
     * @param locals         local crops per image (default 4 [our choice]; the paper's 8 at 224 px)
     * @param localSize      side of a local crop in pixels (default 16 [our choice]: half the 32 px global, as 96 of 224)
     * @param globalScaleMin smallest area of the global crop (default 0.25, t-ReX's)
     * @param globalScaleMax largest area of the global crop (default 1)
     * @param localScaleMin  smallest area of a local crop (default 0.05)
     * @param localScaleMax  largest area of a local crop (default 0.25)
     */
    public record Crops(int locals, int localSize, double globalScaleMin, double globalScaleMax, double localScaleMin,
                        double localScaleMax) {
        public Crops {
            check(locals >= 0, LOCAL_CROPS, "must be ≥ 0", locals);
            check(localSize >= 1, LOCAL_SIZE, "must be ≥ 1 pixel", localSize);
            checkScale(GLOBAL_SCALE, globalScaleMin, globalScaleMax);
            checkScale(LOCAL_SCALE, localScaleMin, localScaleMax);
        }

        /** METHODS.md §4 at 32 px: 4 local 16 px crops, scales 0.25–1 and 0.05–0.25. */
        public static Crops defaults() {
            return new Crops(4, 16, 0.25, 1.0, 0.05, 0.25);
        }

        public Crops withLocals(int n) {
            return new Crops(n, localSize, globalScaleMin, globalScaleMax, localScaleMin, localScaleMax);
        }

        public Crops withLocalSize(int px) {
            return new Crops(locals, px, globalScaleMin, globalScaleMax, localScaleMin, localScaleMax);
        }

        public Crops withGlobalScale(double min, double max) {
            return new Crops(locals, localSize, min, max, localScaleMin, localScaleMax);
        }

        public Crops withLocalScale(double min, double max) {
            return new Crops(locals, localSize, globalScaleMin, globalScaleMax, min, max);
        }

        /** The augmenter of these views for images of side {@code imageSize}. */
        public MultiCropAugmenter augmenter(int imageSize) {
            return MultiCropAugmenter.builder().optGlobalCrops(1, imageSize, globalScaleMin, globalScaleMax)
                    .optLocalCrops(locals, localSize, localScaleMin, localScaleMax).build();
        }

        private static void checkScale(String name, double min, double max) {
            check(min > 0 && min <= max && max <= 1, name, "must be MIN,MAX with 0 < MIN ≤ MAX ≤ 1", min + "," + max);
        }
    }

    /** How logits are made: t-ReX's memory prototypes, or one of its baselines with learned class weights. */
    public enum Classifier {
        /** Cosine softmax against prototypes from the memory bank (t-ReX). */
        PROTOTYPES,
        /** Plain cross-entropy with a learnable linear classifier on the backbone feature, no projector, no memory. */
        LINEAR,
        /** Cosine softmax against learnable class weights after the projector, no memory. */
        COSINE;

        /** The option value, e.g. {@code prototypes}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The classifier named {@code s}; an unknown name is an error listing the names. */
        public static Classifier parse(String s) {
            for (Classifier c : values()) {
                if (c.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new IllegalArgumentException("trex setting '" + CLASSIFIER + "': unknown classifier '" + s
                    + "'; available: prototypes, linear, cosine");
        }
    }

    public TrexSettings {
        if (classifier == null) {
            throw new IllegalArgumentException("trex setting '" + CLASSIFIER + "' is missing");
        }
        check(projectorDepth >= 0, PROJECTOR_DEPTH, "must be ≥ 0 (0 = no projector)", projectorDepth);
        check(projectorHidden >= 1, PROJECTOR_HIDDEN, "must be ≥ 1", projectorHidden);
        check(projectionDim >= 1, PROJECTION_DIM, "must be ≥ 1", projectionDim);
        check(temperature > 0 && Float.isFinite(temperature), TEMPERATURE, "must be a positive number", temperature);
        check(memorySize >= 0, MEMORY_SIZE, "must be ≥ 1, or auto", memorySize);
        check(emaMomentum > 0 && emaMomentum < 1, EMA_MOMENTUM, "must be in (0, 1)", emaMomentum);
        if (crops == null) {
            throw new IllegalArgumentException("trex crop settings are missing");
        }
    }

    private static void check(boolean ok, String name, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("trex setting '" + name + "' " + rule + ", got " + value);
        }
    }

    /**
     * METHODS.md §4: prototypes, h = 3, 512 → 128, τ = 0.1, memory auto (8 per class), EMA 0.999, 1 global + 4 local
     * crops.
     */
    public static TrexSettings defaults() {
        return new TrexSettings(Classifier.PROTOTYPES, 3, 512, 128, 0.1f, AUTO_MEMORY, 0.999f, Crops.defaults());
    }

    /**
     * Rows of the memory bank for a pool of {@code classes} classes trained at {@code batchSize}: the set size, or for
     * {@code auto} {@value #MEMORY_PER_CLASS} × classes but at least one batch (every step enqueues a whole batch).
     */
    public int memoryRows(int classes, int batchSize) {
        return memorySize != AUTO_MEMORY ? memorySize : Math.max(MEMORY_PER_CLASS * classes, batchSize);
    }

    public TrexSettings withClassifier(Classifier c) {
        return new TrexSettings(c, projectorDepth, projectorHidden, projectionDim, temperature, memorySize, emaMomentum, crops);
    }

    public TrexSettings withProjectorDepth(int h) {
        return new TrexSettings(classifier, h, projectorHidden, projectionDim, temperature, memorySize, emaMomentum, crops);
    }

    public TrexSettings withProjector(int hidden, int out) {
        return new TrexSettings(classifier, projectorDepth, hidden, out, temperature, memorySize, emaMomentum, crops);
    }

    public TrexSettings withTemperature(float t) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, t, memorySize, emaMomentum, crops);
    }

    public TrexSettings withMemorySize(int k) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, temperature, k, emaMomentum, crops);
    }

    public TrexSettings withEmaMomentum(float m) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, temperature, memorySize, m, crops);
    }

    public TrexSettings withLocalCrops(int n) {
        return withCrops(crops.withLocals(n));
    }

    public TrexSettings withCrops(Crops c) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, temperature, memorySize, emaMomentum, c);
    }

    /** Whether the network has a projector: not for the linear baseline, nor for h = 0. */
    public boolean hasProjector() {
        return classifier != Classifier.LINEAR && projectorDepth > 0;
    }

    /** Whether the memory bank and its EMA copy are used (prototype classifier only). */
    public boolean usesMemory() {
        return classifier == Classifier.PROTOTYPES;
    }
}
