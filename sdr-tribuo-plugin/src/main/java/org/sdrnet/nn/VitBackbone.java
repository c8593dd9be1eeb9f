package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The DJL rendering of a {@link VitSpec}: patch embedding, CLS token and position embedding, {@link Transformer} blocks,
 * final LayerNorm, then the CLS token or the mean of the patch tokens. Input NCHW float, output {@code [batch, dim]}.
 * <p>
 * The patch embedding is a convolution with kernel = stride = patch size (weight {@code patch.weight} [D, C, p, p], bias
 * {@code patch.bias}); because its windows do not overlap it is computed as {@link #patchify} followed by one matrix
 * product, the same numbers without the engine's convolution kernels (some of which libtorch 2.7.1 gets wrong,
 * STACK.md). The ONNX writer renders it as a {@code Conv}. Other names: {@code cls} [1, 1, D], {@code pos} [1, N+1, D]
 * (position 0 is the CLS token's), {@code block<i>.*} ({@link Transformer}), {@code norm.gamma|beta}.
 * <p>
 * The pieces are public for pretraining methods that run the encoder on some tokens only (MAE's visible patches).
 */
public final class VitBackbone extends ParameterBlock {
    public static final String PATCH = "patch";
    public static final String CLS = "cls";
    public static final String POS = "pos";
    public static final String NORM = "norm";

    private final VitSpec spec;

    public VitBackbone(VitSpec spec) {
        this.spec = spec;
        int d = spec.dim();
        declare(Layers.xavierWeight(PATCH + ".weight", new Shape(d, spec.inChannels(), spec.patchSize(), spec.patchSize())));
        declare(Layers.bias(PATCH + ".bias", d));
        declare(Layers.embedding(CLS, new Shape(1, 1, d)));
        declare(Layers.embedding(POS, new Shape(1, spec.numTokens(), d)));
        for (int i = 0; i < spec.depth(); i++) {
            Transformer.blockParameters(block(i), d, spec.mlpDim()).forEach(this::declare);
        }
        for (var p : Layers.layerNorm(NORM, d)) {
            declare(p);
        }
    }

    /** The name prefix of block {@code i}: {@code block<i>}. */
    public static String block(int i) {
        return "block" + i;
    }

    public VitSpec spec() {
        return spec;
    }

    /**
     * Images [B, C, S, S] as rows of patches [B, N, C·p·p]: patches in row-major grid order, each flattened in
     * (channel, row, column) order, the order of a convolution weight [D, C, p, p].
     */
    public static NDArray patchify(NDArray images, int patch) {
        Shape s = images.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long g = s.get(2) / patch;
        return images.reshape(b, c, g, patch, g, patch).transpose(0, 2, 4, 1, 3, 5).reshape(b, g * g, c * patch * patch);
    }

    /** Patch embeddings plus their position embeddings, [B, N, D] (no CLS token). */
    public NDArray embedPatches(ParameterStore ps, NDArray images, boolean training) {
        Function<String, NDArray> p = values(ps, images.getDevice(), training);
        NDArray w = Layers.perStep(p.apply(PATCH + ".weight").reshape(spec.dim(), spec.patchDim()), images);
        NDArray x = Layers.linear(patchify(images, spec.patchSize()), w, p.apply(PATCH + ".bias"));
        return x.add(Layers.perStep(p.apply(POS).get(":, 1:"), images));
    }

    /** {@code tokens} [B, n, D] with the CLS token (plus its position embedding) in front: [B, 1+n, D]. */
    public NDArray prependCls(ParameterStore ps, NDArray tokens, boolean training) {
        return prependCls(ps, tokens, values(ps, tokens.getDevice(), training).apply(CLS), training);
    }

    /**
     * {@code tokens} [B, n, D] with {@code cls} [1, 1, D] (plus the CLS position embedding) in front: [B, 1+n, D]. For a
     * method whose CLS token is computed rather than stored (TEC's input adapter); {@code cls} is not this block's
     * {@code cls} parameter then.
     */
    public NDArray prependCls(ParameterStore ps, NDArray tokens, NDArray cls, boolean training) {
        Function<String, NDArray> p = values(ps, tokens.getDevice(), training);
        NDArray pos = Layers.perStep(p.apply(POS).get(":, 0:1"), tokens);
        NDArray first = Layers.perStep(cls.add(pos), tokens);
        Shape s = tokens.getShape();
        return Layers.perStep(first.broadcast(new Shape(s.get(0), 1, s.get(2))), tokens).concat(tokens, 1);
    }

    /** Every transformer block and the final LayerNorm over {@code tokens} [B, T, D] (CLS first). */
    public NDArray encode(ParameterStore ps, NDArray tokens, boolean training) {
        return finalNorm(ps, blockOutputs(ps, tokens, training).get(spec.depth() - 1), training);
    }

    /**
     * The output of every transformer block over {@code tokens} [B, T, D] (CLS first), in order, each [B, T, D] and
     * before the final LayerNorm: what methods that learn from intermediate layers read (TEC's targets and adapters).
     * The last one through {@link #finalNorm} is {@link #encode}.
     */
    public List<NDArray> blockOutputs(ParameterStore ps, NDArray tokens, boolean training) {
        Function<String, NDArray> p = values(ps, tokens.getDevice(), training);
        List<NDArray> out = new ArrayList<>(spec.depth());
        NDArray x = tokens;
        for (int i = 0; i < spec.depth(); i++) {
            x = Transformer.block(p, block(i), x, spec.heads());
            out.add(x);
        }
        return out;
    }

    /** The final LayerNorm over tokens [B, T, D]. */
    public NDArray finalNorm(ParameterStore ps, NDArray tokens, boolean training) {
        Function<String, NDArray> p = values(ps, tokens.getDevice(), training);
        return Layers.layerNorm(tokens, p.apply(NORM + ".gamma"), p.apply(NORM + ".beta"));
    }

    /**
     * The pre-softmax attention logits {@code q·kᵀ/√dh} of block {@code index}, [B, heads, T, T] (rows: queries, columns:
     * keys, CLS first), given that block's input {@code blockInput} [B, T, D] (the embedded tokens for block 0, else the
     * previous block's output).
     */
    public NDArray attentionLogits(ParameterStore ps, NDArray blockInput, int index, boolean training) {
        checkBlock(index);
        Function<String, NDArray> p = values(ps, blockInput.getDevice(), training);
        String pre = block(index);
        NDArray h = Layers.layerNorm(blockInput, p.apply(pre + Transformer.NORM1 + ".gamma"), p.apply(pre + Transformer.NORM1 + ".beta"));
        return Transformer.attentionLogits(p, pre, h, spec.heads());
    }

    private void checkBlock(int index) {
        if (index < 0 || index >= spec.depth()) {
            throw new IllegalArgumentException("block " + index + " is not one of the " + spec.depth() + " blocks of " + spec.name());
        }
    }

    /** The feature from encoded tokens [B, T, D]: the CLS token, or the mean of the others. */
    public NDArray pool(NDArray encoded) {
        return spec.pooling() == VitSpec.Pooling.CLS ? encoded.get(":, 0") : encoded.get(":, 1:").mean(new int[] {1});
    }

    /**
     * The attention probabilities of block {@code index} on {@code images}, [B, heads, T, T] (rows: queries, columns:
     * keys, CLS first), in inference mode.
     */
    public NDArray attention(ParameterStore ps, NDArray images, int index) {
        checkBlock(index);
        NDArray x = prependCls(ps, embedPatches(ps, images, false), false);
        NDArray input = index == 0 ? x : blockOutputs(ps, x, false).get(index - 1);
        return Transformer.attentionProbabilities(attentionLogits(ps, input, index, false));
    }

    private Function<String, NDArray> values(ParameterStore ps, Device device, boolean training) {
        return name -> value(ps, name, device, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(pool(encode(ps, prependCls(ps, embedPatches(ps, x, training), training), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.dim())};
    }
}
