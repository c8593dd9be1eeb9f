package org.sdrnet.pretrain.trex;

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
 * @param memorySize      rows of the FIFO memory bank (default 8192 [our choice], the paper's size; METHODS.md suggests
 *                        about 8 × the number of classes for small pools)
 * @param emaMomentum     m of the EMA copy that fills the memory, e ← m·e + (1−m)·s after every update (default 0.999)
 * @param localCrops      local 16 px crops per image besides the one global 32 px crop (default 4 [our choice])
 */
public record TrexSettings(Classifier classifier, int projectorDepth, int projectorHidden, int projectionDim, float temperature,
                           int memorySize, float emaMomentum, int localCrops) {
    public static final String CLASSIFIER = "classifier";
    public static final String PROJECTOR_DEPTH = "projectorDepth";
    public static final String PROJECTOR_HIDDEN = "projectorHidden";
    public static final String PROJECTION_DIM = "projectionDim";
    public static final String TEMPERATURE = "temperature";
    public static final String MEMORY_SIZE = "memorySize";
    public static final String EMA_MOMENTUM = "emaMomentum";
    public static final String LOCAL_CROPS = "localCrops";

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
        check(memorySize >= 1, MEMORY_SIZE, "must be ≥ 1", memorySize);
        check(emaMomentum > 0 && emaMomentum < 1, EMA_MOMENTUM, "must be in (0, 1)", emaMomentum);
        check(localCrops >= 0, LOCAL_CROPS, "must be ≥ 0", localCrops);
    }

    private static void check(boolean ok, String name, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("trex setting '" + name + "' " + rule + ", got " + value);
        }
    }

    /** METHODS.md §4: prototypes, h = 3, 512 → 128, τ = 0.1, memory 8192, EMA 0.999, 1 global + 4 local crops. */
    public static TrexSettings defaults() {
        return new TrexSettings(Classifier.PROTOTYPES, 3, 512, 128, 0.1f, MemoryBank.DEFAULT_CAPACITY, 0.999f, 4);
    }

    public TrexSettings withClassifier(Classifier c) {
        return new TrexSettings(c, projectorDepth, projectorHidden, projectionDim, temperature, memorySize, emaMomentum, localCrops);
    }

    public TrexSettings withProjectorDepth(int h) {
        return new TrexSettings(classifier, h, projectorHidden, projectionDim, temperature, memorySize, emaMomentum, localCrops);
    }

    public TrexSettings withProjector(int hidden, int out) {
        return new TrexSettings(classifier, projectorDepth, hidden, out, temperature, memorySize, emaMomentum, localCrops);
    }

    public TrexSettings withTemperature(float t) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, t, memorySize, emaMomentum, localCrops);
    }

    public TrexSettings withMemorySize(int k) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, temperature, k, emaMomentum, localCrops);
    }

    public TrexSettings withEmaMomentum(float m) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, temperature, memorySize, m, localCrops);
    }

    public TrexSettings withLocalCrops(int n) {
        return new TrexSettings(classifier, projectorDepth, projectorHidden, projectionDim, temperature, memorySize, emaMomentum, n);
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
