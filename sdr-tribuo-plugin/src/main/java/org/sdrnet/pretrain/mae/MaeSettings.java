package org.sdrnet.pretrain.mae;

/**
 * Settings of MAE pretraining (He et al., "Masked Autoencoders Are Scalable Vision Learners", CVPR 2022; METHODS.md §3,
 * the base of TEC). Defaults are the paper's where it gives them and [our choice] at 32 px otherwise.
 *
 * @param maskRatio       fraction of the patches masked per image (default 0.75, the paper's)
 * @param decoderDepth    transformer blocks of the decoder (default 2 [our choice], METHODS.md §3; the paper's 8 at 224 px)
 * @param decoderDim      token width of the decoder (default 128 [our choice], METHODS.md §3; the paper's 512)
 * @param decoderHeads    attention heads of the decoder (default 4 [our choice]: 32-wide heads, as the paper's 16 × 32)
 * @param decoderMlpRatio MLP width of the decoder's blocks over its dim (default 4, as the paper's)
 * @param normPixLoss     normalise each target patch by its own mean and variance (default true, the paper's best)
 * @param cropScaleMin    smallest area fraction of the random resized crop; with horizontal flips, the paper's only
 *                        augmentation (default 0.2, the paper's)
 * @param optimizer       {@link Optim#ADAMW} (the paper's) or the loop's {@link Optim#SGD} (with the loop's momentum and
 *                        weight decay); learning rate at batch 256, warm-up, cosine schedule and clipping are the loop's
 *                        either way (default adamw)
 * @param adamBeta1       AdamW's β1 (default 0.9, the paper's)
 * @param adamBeta2       AdamW's β2 (default 0.95, the paper's)
 * @param adamWeightDecay AdamW's decoupled weight decay λ, on weights with ≥ 2 dimensions (default 0.05, the paper's)
 * @param init            an {@code mae} run or checkpoint directory whose weights (encoder and decoder) a new run starts
 *                        from instead of a random initialisation, with a fresh optimizer and schedule: MAE trained "more
 *                        epochs from the same start", TEC's cost baseline; empty (the default) for a random start
 */
public record MaeSettings(double maskRatio, int decoderDepth, int decoderDim, int decoderHeads, double decoderMlpRatio,
                          boolean normPixLoss, double cropScaleMin, Optim optimizer, double adamBeta1, double adamBeta2,
                          double adamWeightDecay, String init) {
    public static final String MASK_RATIO = "maskRatio";
    public static final String DECODER_DEPTH = "decoderDepth";
    public static final String DECODER_DIM = "decoderDim";
    public static final String DECODER_HEADS = "decoderHeads";
    public static final String DECODER_MLP_RATIO = "decoderMlpRatio";
    public static final String NORM_PIX_LOSS = "normPixLoss";
    public static final String CROP_SCALE_MIN = "cropScaleMin";
    public static final String OPTIMIZER = "optimizer";
    public static final String ADAM_BETA1 = "adamBeta1";
    public static final String ADAM_BETA2 = "adamBeta2";
    public static final String ADAM_WEIGHT_DECAY = "adamWeightDecay";
    public static final String INIT = "init";

    /** The optimiser of an MAE run. */
    public enum Optim {
        /** Adam with decoupled weight decay (the MAE paper's). */
        ADAMW,
        /** The shared loop's SGD with momentum. */
        SGD;

        /** The optimiser named {@code s} ({@code adamw}, {@code sgd}); an unknown name is an error listing both. */
        public static Optim parse(String s) {
            for (Optim o : values()) {
                if (o.name().equalsIgnoreCase(s.trim())) {
                    return o;
                }
            }
            throw new IllegalArgumentException("mae setting '" + OPTIMIZER + "': unknown optimizer '" + s + "'; available: adamw, sgd");
        }
    }

    public MaeSettings {
        check(maskRatio > 0 && maskRatio < 1, MASK_RATIO, "must be in (0, 1)", maskRatio);
        check(decoderDepth >= 1, DECODER_DEPTH, "must be ≥ 1", decoderDepth);
        check(decoderDim >= 1, DECODER_DIM, "must be ≥ 1", decoderDim);
        check(decoderHeads >= 1 && decoderDim % decoderHeads == 0, DECODER_HEADS, "must be ≥ 1 and divide " + DECODER_DIM
                + " (" + decoderDim + ")", decoderHeads);
        double hidden = decoderMlpRatio * decoderDim;
        check(decoderMlpRatio > 0 && Math.abs(hidden - Math.rint(hidden)) < 1e-9, DECODER_MLP_RATIO,
                "must be positive and give a whole MLP width with " + DECODER_DIM + " " + decoderDim, decoderMlpRatio);
        check(cropScaleMin > 0 && cropScaleMin <= 1, CROP_SCALE_MIN, "must be in (0, 1]", cropScaleMin);
        check(optimizer != null, OPTIMIZER, "is missing (adamw or sgd)", optimizer);
        check(adamBeta1 >= 0 && adamBeta1 < 1, ADAM_BETA1, "must be in [0, 1)", adamBeta1);
        check(adamBeta2 >= 0 && adamBeta2 < 1, ADAM_BETA2, "must be in [0, 1)", adamBeta2);
        check(adamWeightDecay >= 0 && Double.isFinite(adamWeightDecay), ADAM_WEIGHT_DECAY, "must be ≥ 0", adamWeightDecay);
        init = init == null ? "" : init.trim();
    }

    private static void check(boolean ok, String name, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("mae setting '" + name + "' " + rule + ", got " + value);
        }
    }

    /** The learning rate at batch 256 an AdamW run takes when the user gives none [our choice, MAE's 1.5e-4 scaled for short runs]. */
    public static final float ADAMW_BASE_LR = 1.5e-3f;

    /** Mask 0.75, decoder 2 × 128 with 4 heads and MLP ratio 4, normalised-pixel loss, crop scale 0.2–1, AdamW (0.9, 0.95, λ 0.05). */
    public static MaeSettings defaults() {
        return new MaeSettings(0.75, 2, 128, 4, 4.0, true, 0.2, Optim.ADAMW, 0.9, 0.95, 0.05, "");
    }

    /** These settings with {@code key} set from its text {@code value}; an unknown key or a bad value is an error naming it. */
    public MaeSettings with(String key, String value) {
        String v = value.trim();
        double ratio = maskRatio;
        int depth = decoderDepth;
        int dim = decoderDim;
        int heads = decoderHeads;
        double mlp = decoderMlpRatio;
        boolean norm = normPixLoss;
        double crop = cropScaleMin;
        Optim optim = optimizer;
        double b1 = adamBeta1;
        double b2 = adamBeta2;
        double wd = adamWeightDecay;
        String from = init;
        try {
            switch (key) {
                case MASK_RATIO -> ratio = Double.parseDouble(v);
                case DECODER_DEPTH -> depth = Integer.parseInt(v);
                case DECODER_DIM -> dim = Integer.parseInt(v);
                case DECODER_HEADS -> heads = Integer.parseInt(v);
                case DECODER_MLP_RATIO -> mlp = Double.parseDouble(v);
                case NORM_PIX_LOSS -> norm = parseBoolean(v);
                case CROP_SCALE_MIN -> crop = Double.parseDouble(v);
                case OPTIMIZER -> optim = Optim.parse(v);
                case ADAM_BETA1 -> b1 = Double.parseDouble(v);
                case ADAM_BETA2 -> b2 = Double.parseDouble(v);
                case ADAM_WEIGHT_DECAY -> wd = Double.parseDouble(v);
                case INIT -> from = v;
                default -> throw new IllegalArgumentException("method 'mae' has no option '" + key + "'");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method 'mae': option " + key + " = '" + v + "' is not a number");
        }
        return new MaeSettings(ratio, depth, dim, heads, mlp, norm, crop, optim, b1, b2, wd, from);
    }

    private static boolean parseBoolean(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("method 'mae': option " + NORM_PIX_LOSS + " = '" + v + "' must be true or false");
    }

    /** The decoder's MLP width. */
    public int decoderMlpDim() {
        return (int) Math.rint(decoderMlpRatio * decoderDim);
    }
}
