package org.sdrnet.pretrain.tec;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ParameterBlock;
import org.sdrnet.nn.Transformer;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.pretrain.mae.MaeDecoder;
import org.sdrnet.pretrain.mae.MaeSettings;

import java.util.function.Function;

/**
 * TEC's decoder (Gao et al. 2022, §3): {@link Transformer} blocks and a position embedding shared by two heads, each with
 * its own input projection, mask token and output LayerNorm, as MAE's decoder fills masked positions
 * ({@link MaeDecoder#withMaskTokens}):
 * <ul>
 *   <li>feature head ({@code fea.*}): Linear(Dd → C) per patch, the prediction of the base's feature target;</li>
 *   <li>relation head ({@code rel.*}): Linear(Dd → 2C) gives queries and keys, split into the base's heads (C/H each);
 *       the logits of the selected query rows over the patch keys are {@code q·kᵀ/√C} (the official code's scale, over
 *       the full width C).</li>
 * </ul>
 * Names: {@code pos} [1, N+1, Dd], {@code block<i>.*}, {@code fea.embed.*}, {@code fea.mask}, {@code fea.norm.*},
 * {@code fea.pred.*}, {@code rel.embed.*}, {@code rel.mask}, {@code rel.norm.*}, {@code rel.qk.*}. Dropped after pretraining.
 */
public final class TecDecoder extends ParameterBlock {
    static final String FEATURE = "fea";
    static final String RELATION = "rel";

    private final VitSpec encoder;
    private final MaeSettings settings;

    public TecDecoder(VitSpec encoder, MaeSettings settings) {
        this.encoder = encoder;
        this.settings = settings;
        int dd = settings.decoderDim();
        int c = encoder.dim();
        declare(Layers.embedding("pos", new Shape(1, encoder.numTokens(), dd)));
        for (int i = 0; i < settings.decoderDepth(); i++) {
            Transformer.blockParameters("block" + i, dd, settings.decoderMlpDim()).forEach(this::declare);
        }
        for (String head : new String[] {FEATURE, RELATION}) {
            declare(Layers.xavierWeight(head + ".embed.weight", new Shape(dd, c)));
            declare(Layers.bias(head + ".embed.bias", dd));
            declare(Layers.embedding(head + ".mask", new Shape(1, 1, dd)));
            for (var p : Layers.layerNorm(head + ".norm", dd)) {
                declare(p);
            }
        }
        declare(Layers.xavierWeight(FEATURE + ".pred.weight", new Shape(c, dd)));
        declare(Layers.bias(FEATURE + ".pred.bias", c));
        declare(Layers.xavierWeight(RELATION + ".qk.weight", new Shape(2L * c, dd)));
        declare(Layers.bias(RELATION + ".qk.bias", 2 * c));
    }

    /** The shared trunk under {@code head}'s projection, mask token and norm: [B, 1+N, Dd] from adapted [B, 1+k, C]. */
    private NDArray trunk(Function<String, NDArray> p, String head, NDArray adapted, NDArray restoreRows) {
        NDArray x = Layers.linear(adapted, p.apply(head + ".embed.weight"), p.apply(head + ".embed.bias"));
        x = MaeDecoder.withMaskTokens(x, p.apply(head + ".mask"), restoreRows, encoder.numPatches()).add(p.apply("pos"));
        for (int i = 0; i < settings.decoderDepth(); i++) {
            x = Transformer.block(p, "block" + i, x, settings.decoderHeads());
        }
        return Layers.layerNorm(x, p.apply(head + ".norm.gamma"), p.apply(head + ".norm.beta"));
    }

    /**
     * The predicted features [B, N, C] of every patch.
     *
     * @param adapted     the encoder adapter's output [B, 1+k, C] (CLS first, visible tokens in the masking's order)
     * @param restoreRows the masking's restore rows [B·N]
     */
    public NDArray features(ParameterStore ps, NDArray adapted, NDArray restoreRows, boolean training) {
        Function<String, NDArray> p = values(ps, adapted.getDevice(), training);
        NDArray x = trunk(p, FEATURE, adapted, restoreRows);
        return Layers.linear(x, p.apply(FEATURE + ".pred.weight"), p.apply(FEATURE + ".pred.bias")).get(":, 1:");
    }

    /**
     * The predicted relation logits [B, heads, R, N]: per head, the rows of the tokens at {@code flatRows} (R per image,
     * indices into B·(1+N) as {@link BaseTargets.Relation#flatRows}) over the N patch keys.
     */
    public NDArray relations(ParameterStore ps, NDArray adapted, NDArray restoreRows, long[] flatRows, int heads, boolean training) {
        Function<String, NDArray> p = values(ps, adapted.getDevice(), training);
        NDArray x = trunk(p, RELATION, adapted, restoreRows);
        NDArray qk = Layers.linear(x, p.apply(RELATION + ".qk.weight"), p.apply(RELATION + ".qk.bias")); // [B, T, 2C]
        long b = qk.getShape().get(0);
        long t = qk.getShape().get(1);
        long c = encoder.dim();
        NDArray q = qk.get("..., 0:" + c).reshape(b, t, heads, c / heads).transpose(0, 2, 1, 3); // [B, H, T, C/H]
        NDArray k = qk.get(":, 1:, " + c + ":").reshape(b, t - 1, heads, c / heads).transpose(0, 2, 3, 1); // [B, H, C/H, N]
        NDArray rows = BaseTargets.selectRows(q, flatRows); // [B, H, R, C/H]
        return Layers.scaled(rows.matMul(k), (float) (1.0 / Math.sqrt(c)));
    }

    private Function<String, NDArray> values(ParameterStore ps, Device d, boolean training) {
        return name -> value(ps, name, d, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(features(ps, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), encoder.numPatches(), encoder.dim())};
    }
}
