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
 */
public record MaeSettings(double maskRatio, int decoderDepth, int decoderDim, int decoderHeads, double decoderMlpRatio,
                          boolean normPixLoss, double cropScaleMin) {
    public static final String MASK_RATIO = "maskRatio";
    public static final String DECODER_DEPTH = "decoderDepth";
    public static final String DECODER_DIM = "decoderDim";
    public static final String DECODER_HEADS = "decoderHeads";
    public static final String DECODER_MLP_RATIO = "decoderMlpRatio";
    public static final String NORM_PIX_LOSS = "normPixLoss";
    public static final String CROP_SCALE_MIN = "cropScaleMin";

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
    }

    private static void check(boolean ok, String name, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("mae setting '" + name + "' " + rule + ", got " + value);
        }
    }

    /** Mask 0.75, decoder 2 × 128 with 4 heads and MLP ratio 4, normalised-pixel loss, crop scale 0.2–1. */
    public static MaeSettings defaults() {
        return new MaeSettings(0.75, 2, 128, 4, 4.0, true, 0.2);
    }

    /** These settings with {@code key} set from its text {@code value}; an unknown key or a bad value is an error naming it. */
    public MaeSettings with(String key, String value) {
        String v = value.trim();
        try {
            return switch (key) {
                case MASK_RATIO -> new MaeSettings(Double.parseDouble(v), decoderDepth, decoderDim, decoderHeads, decoderMlpRatio,
                        normPixLoss, cropScaleMin);
                case DECODER_DEPTH -> new MaeSettings(maskRatio, Integer.parseInt(v), decoderDim, decoderHeads, decoderMlpRatio,
                        normPixLoss, cropScaleMin);
                case DECODER_DIM -> new MaeSettings(maskRatio, decoderDepth, Integer.parseInt(v), decoderHeads, decoderMlpRatio,
                        normPixLoss, cropScaleMin);
                case DECODER_HEADS -> new MaeSettings(maskRatio, decoderDepth, decoderDim, Integer.parseInt(v), decoderMlpRatio,
                        normPixLoss, cropScaleMin);
                case DECODER_MLP_RATIO -> new MaeSettings(maskRatio, decoderDepth, decoderDim, decoderHeads, Double.parseDouble(v),
                        normPixLoss, cropScaleMin);
                case NORM_PIX_LOSS -> new MaeSettings(maskRatio, decoderDepth, decoderDim, decoderHeads, decoderMlpRatio,
                        parseBoolean(v), cropScaleMin);
                case CROP_SCALE_MIN -> new MaeSettings(maskRatio, decoderDepth, decoderDim, decoderHeads, decoderMlpRatio,
                        normPixLoss, Double.parseDouble(v));
                default -> throw new IllegalArgumentException("method 'mae' has no option '" + key + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method 'mae': option " + key + " = '" + v + "' is not a number");
        }
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
