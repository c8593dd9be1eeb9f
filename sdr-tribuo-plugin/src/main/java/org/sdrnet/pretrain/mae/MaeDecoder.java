package org.sdrnet.pretrain.mae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ParameterBlock;
import org.sdrnet.nn.Transformer;
import org.sdrnet.nn.VitSpec;

import java.util.function.Function;

/**
 * MAE's lightweight decoder (He et al. 2022, §3): the encoded visible tokens are projected to the decoder width, a
 * shared learned mask token fills every masked position, a position embedding of its own is added, then
 * {@link Transformer} blocks, a LayerNorm and a linear prediction of each patch's pixels. Used only in pretraining:
 * the exported backbone is the encoder alone. Names: {@code embed.*}, {@code mask}, {@code pos} [1, N+1, Dd],
 * {@code block<i>.*}, {@code norm.*}, {@code pred.*}.
 * <p>
 * Input: {@code NDList(encoded [B, 1+k, D], restoreRows [B·N] int64)} with the CLS token first and the visible tokens
 * in the masking's order; output: predicted patches [B, N, C·p·p] in patch order (CLS dropped).
 */
public final class MaeDecoder extends ParameterBlock {
    private final VitSpec encoder;
    private final MaeSettings settings;

    public MaeDecoder(VitSpec encoder, MaeSettings settings) {
        this.encoder = encoder;
        this.settings = settings;
        int dd = settings.decoderDim();
        declare(Layers.xavierWeight("embed.weight", new Shape(dd, encoder.dim())));
        declare(Layers.bias("embed.bias", dd));
        declare(Layers.embedding("mask", new Shape(1, 1, dd)));
        declare(Layers.embedding("pos", new Shape(1, encoder.numTokens(), dd)));
        for (int i = 0; i < settings.decoderDepth(); i++) {
            Transformer.blockParameters("block" + i, dd, settings.decoderMlpDim()).forEach(this::declare);
        }
        for (var p : Layers.layerNorm("norm", dd)) {
            declare(p);
        }
        declare(Layers.xavierWeight("pred.weight", new Shape(encoder.patchDim(), dd)));
        declare(Layers.bias("pred.bias", encoder.patchDim()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray encoded = inputs.get(0);
        NDArray restoreRows = inputs.get(1);
        Device d = encoded.getDevice();
        Function<String, NDArray> p = name -> value(ps, name, d, training);
        long n = encoder.numPatches();

        NDArray x = Layers.linear(encoded, p.apply("embed.weight"), p.apply("embed.bias"));
        x = withMaskTokens(x, p.apply("mask"), restoreRows, n).add(p.apply("pos"));
        for (int i = 0; i < settings.decoderDepth(); i++) {
            x = Transformer.block(p, "block" + i, x, settings.decoderHeads());
        }
        x = Layers.layerNorm(x, p.apply("norm.gamma"), p.apply("norm.beta"));
        return new NDList(Layers.linear(x, p.apply("pred.weight"), p.apply("pred.bias")).get(":, 1:"));
    }

    /**
     * The full token sequence of a decoder: {@code x} [B, 1+k, W] (CLS first, then the k visible tokens in the masking's
     * order) with the shared {@code maskToken} [1, 1, W] at each of the N − k masked positions, in patch order:
     * [B, 1+N, W]. {@code restoreRows} [B·N] are {@link RandomMasking.Batch#restoreRows()}. Shared by every decoder of a
     * masked encoder (MAE's, TEC's).
     */
    public static NDArray withMaskTokens(NDArray x, NDArray maskToken, NDArray restoreRows, long n) {
        Shape s = x.getShape();
        long b = s.get(0);
        long visible = s.get(1) - 1;
        long w = s.get(2);
        NDArray masks = Layers.perStep(maskToken.broadcast(new Shape(b, n - visible, w)), x);
        NDArray ordered = x.get(":, 1:").concat(masks, 1).reshape(b * n, w); // visible then masked, per image
        NDArray patches = ordered.get(new NDIndex("{}", restoreRows)).reshape(b, n, w);
        return x.get(":, 0:1").concat(patches, 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), encoder.numPatches(), encoder.patchDim())};
    }
}
