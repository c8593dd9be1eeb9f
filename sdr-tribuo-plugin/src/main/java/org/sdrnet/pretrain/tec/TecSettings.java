package org.sdrnet.pretrain.tec;

import org.sdrnet.pretrain.mae.MaeSettings;

import java.util.List;
import java.util.Locale;

/**
 * Settings of TEC pretraining (Gao et al., "Towards Sustainable Self-supervised Learning", 2022; METHODS.md §3). The
 * masking, decoder, augmentation and optimiser settings are MAE's ({@link MaeSettings}, same keys and defaults; its
 * {@code normPixLoss} and {@code init} do not apply), the rest are TEC's own.
 *
 * @param base            the frozen base model: a finished {@code mae} (or other ViT) run or checkpoint directory, a saved
 *                        backbone directory, or an ONNX ViT exported by this library; required
 * @param topK            patches whose attention rows make the relation target, ranked by the base's CLS attention
 *                        averaged over heads (default 5 [our choice]: ≈ 8 % of vit-tiny's 64 patches, the paper's share)
 * @param tau             temperature softening the relation target, {@code softmax(target/τ)} (default 1.8 [our choice],
 *                        the paper's for an MAE base)
 * @param relationCls     also predict the CLS token's attention row (the official code's choice; default true)
 * @param featureLayers   the feature target is the mean of the base's last this many block outputs (default 2, paper)
 * @param adapterGroup    the encoder adapter fuses the student's block outputs in groups of this many consecutive layers
 *                        (default 3, paper); must divide the depth
 * @param adapterMlpRatio hidden width of each adapter group's residual MLP over the decoder width (default 4, the
 *                        official code's 4 × decoder width)
 * @param mae             masking, decoder, crop and optimiser settings, with MAE's defaults (mask 0.75; decoder 2 blocks
 *                        at width 128 [our choice], 4 heads; AdamW 0.9/0.95, λ 0.05)
 */
public record TecSettings(String base, int topK, double tau, boolean relationCls, int featureLayers, int adapterGroup,
                          double adapterMlpRatio, MaeSettings mae) {
    public static final String BASE = "base";
    public static final String TOP_K = "topK";
    public static final String TAU = "tau";
    public static final String RELATION_CLS = "relationCls";
    public static final String FEATURE_LAYERS = "featureLayers";
    public static final String ADAPTER_GROUP = "adapterGroup";
    public static final String ADAPTER_MLP_RATIO = "adapterMlpRatio";
    /** The MAE settings TEC shares, under MAE's keys. */
    public static final List<String> SHARED = List.of(MaeSettings.MASK_RATIO, MaeSettings.DECODER_DEPTH, MaeSettings.DECODER_DIM,
            MaeSettings.DECODER_HEADS, MaeSettings.DECODER_MLP_RATIO, MaeSettings.CROP_SCALE_MIN, MaeSettings.OPTIMIZER,
            MaeSettings.ADAM_BETA1, MaeSettings.ADAM_BETA2, MaeSettings.ADAM_WEIGHT_DECAY);

    public TecSettings {
        base = base == null ? "" : base.trim();
        check(topK >= 1, TOP_K, "must be ≥ 1", topK);
        check(tau > 0 && Double.isFinite(tau), TAU, "must be positive", tau);
        check(featureLayers >= 1, FEATURE_LAYERS, "must be ≥ 1", featureLayers);
        check(adapterGroup >= 1, ADAPTER_GROUP, "must be ≥ 1", adapterGroup);
        double hidden = adapterMlpRatio * (mae == null ? 1 : mae.decoderDim());
        check(adapterMlpRatio > 0 && Math.abs(hidden - Math.rint(hidden)) < 1e-9, ADAPTER_MLP_RATIO,
                "must be positive and give a whole MLP width with the decoder width", adapterMlpRatio);
        check(mae != null, "mae", "settings are missing", mae);
    }

    private static void check(boolean ok, String name, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("tec setting '" + name + "' " + rule + ", got " + value);
        }
    }

    /** No base yet; k 5, τ 1.8, CLS row, last 2 layers, groups of 3, adapter MLP 4 × decoder width, MAE's defaults. */
    public static TecSettings defaults() {
        return new TecSettings("", 5, 1.8, true, 2, 3, 4.0, MaeSettings.defaults());
    }

    /** These settings with {@code key} set from its text {@code value}; an unknown key or a bad value is an error naming it. */
    public TecSettings with(String key, String value) {
        String v = value.trim();
        try {
            return switch (key) {
                case BASE -> new TecSettings(v, topK, tau, relationCls, featureLayers, adapterGroup, adapterMlpRatio, mae);
                case TOP_K -> new TecSettings(base, Integer.parseInt(v), tau, relationCls, featureLayers, adapterGroup, adapterMlpRatio, mae);
                case TAU -> new TecSettings(base, topK, Double.parseDouble(v), relationCls, featureLayers, adapterGroup, adapterMlpRatio, mae);
                case RELATION_CLS -> new TecSettings(base, topK, tau, parseBoolean(key, v), featureLayers, adapterGroup, adapterMlpRatio, mae);
                case FEATURE_LAYERS -> new TecSettings(base, topK, tau, relationCls, Integer.parseInt(v), adapterGroup, adapterMlpRatio, mae);
                case ADAPTER_GROUP -> new TecSettings(base, topK, tau, relationCls, featureLayers, Integer.parseInt(v), adapterMlpRatio, mae);
                case ADAPTER_MLP_RATIO -> new TecSettings(base, topK, tau, relationCls, featureLayers, adapterGroup, Double.parseDouble(v), mae);
                default -> {
                    if (!SHARED.contains(key)) {
                        throw new IllegalArgumentException("method 'tec' has no option '" + key + "'");
                    }
                    try {
                        yield new TecSettings(base, topK, tau, relationCls, featureLayers, adapterGroup, adapterMlpRatio, mae.with(key, v));
                    } catch (IllegalArgumentException e) {
                        // MAE's messages name MAE; the user asked TEC
                        throw new IllegalArgumentException("method 'tec': " + e.getMessage().replace("mae setting", "setting")
                                .replace("method 'mae': ", ""), e);
                    }
                }
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("method 'tec': option " + key + " = '" + v + "' is not a number");
        }
    }

    private static boolean parseBoolean(String key, String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("method 'tec': option " + key + " = '" + v + "' must be true or false");
    }

    /** Rows of the relation target per image: the top-k patches, and the CLS token's when {@link #relationCls}. */
    public int relationRows() {
        return topK + (relationCls ? 1 : 0);
    }

    /** Hidden width of the adapter groups' MLPs. */
    public int adapterMlpDim() {
        return (int) Math.rint(adapterMlpRatio * mae.decoderDim());
    }
}
