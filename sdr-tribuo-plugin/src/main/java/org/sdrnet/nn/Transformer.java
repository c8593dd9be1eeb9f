package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The pre-norm transformer block of ViT (Dosovitskiy et al. 2021) written functionally over named parameters, shared by
 * {@link VitBackbone} and decoders of pretraining methods (e.g. MAE's): {@code x + Attn(LN1(x))}, then
 * {@code x + MLP(LN2(x))} with {@code MLP = fc2(GELU(fc1(·)))} (GELU in its exact erf form). Parameter names under a
 * block prefix {@code P}: {@code P.norm1.gamma|beta}, {@code P.attn.qkv.weight|bias} ([3D, D]: queries, keys, values),
 * {@code P.attn.proj.weight|bias}, {@code P.norm2.gamma|beta}, {@code P.mlp.fc1.weight|bias}, {@code P.mlp.fc2.weight|bias};
 * the ONNX writer uses the same names.
 */
public final class Transformer {
    public static final String NORM1 = ".norm1";
    public static final String QKV = ".attn.qkv";
    public static final String PROJ = ".attn.proj";
    public static final String NORM2 = ".norm2";
    public static final String FC1 = ".mlp.fc1";
    public static final String FC2 = ".mlp.fc2";

    private Transformer() {
    }

    /** The parameters of one block of width {@code dim} and MLP width {@code mlpDim}, in forward order. */
    public static List<Parameter> blockParameters(String prefix, int dim, int mlpDim) {
        List<Parameter> p = new ArrayList<>(List.of(Layers.layerNorm(prefix + NORM1, dim)));
        p.add(Layers.xavierWeight(prefix + QKV + ".weight", new Shape(3L * dim, dim)));
        p.add(Layers.bias(prefix + QKV + ".bias", 3 * dim));
        p.add(Layers.xavierWeight(prefix + PROJ + ".weight", new Shape(dim, dim)));
        p.add(Layers.bias(prefix + PROJ + ".bias", dim));
        p.addAll(List.of(Layers.layerNorm(prefix + NORM2, dim)));
        p.add(Layers.xavierWeight(prefix + FC1 + ".weight", new Shape(mlpDim, dim)));
        p.add(Layers.bias(prefix + FC1 + ".bias", mlpDim));
        p.add(Layers.xavierWeight(prefix + FC2 + ".weight", new Shape(dim, mlpDim)));
        p.add(Layers.bias(prefix + FC2 + ".bias", dim));
        return p;
    }

    /**
     * One block on tokens {@code x} [B, T, D].
     *
     * @param p     the current value of a parameter by full name
     * @param heads attention heads; D must be a multiple of it
     */
    public static NDArray block(Function<String, NDArray> p, String prefix, NDArray x, int heads) {
        NDArray h = Layers.layerNorm(x, p.apply(prefix + NORM1 + ".gamma"), p.apply(prefix + NORM1 + ".beta"));
        NDArray attn = attentionProbabilities(attentionLogits(p, prefix, h, heads));
        NDArray v = qkv(p, prefix, h, heads, 2);
        Shape s = x.getShape();
        NDArray mixed = attn.matMul(v).transpose(0, 2, 1, 3).reshape(s); // [B, H, T, dh] → [B, T, H·dh]
        x = x.add(Layers.linear(mixed, p.apply(prefix + PROJ + ".weight"), p.apply(prefix + PROJ + ".bias")));
        h = Layers.layerNorm(x, p.apply(prefix + NORM2 + ".gamma"), p.apply(prefix + NORM2 + ".beta"));
        return x.add(mlp(p, prefix, h));
    }

    /**
     * The parameters of a stand-alone MLP {@code fc2(GELU(fc1(x)))} from {@code in} to {@code hidden} to {@code out}
     * under {@code prefix} ({@code P.mlp.fc1.*}, {@code P.mlp.fc2.*}, the names of a block's MLP), Xavier-initialised.
     */
    public static List<Parameter> mlpParameters(String prefix, int in, int hidden, int out) {
        return List.of(Layers.xavierWeight(prefix + FC1 + ".weight", new Shape(hidden, in)), Layers.bias(prefix + FC1 + ".bias", hidden),
                Layers.xavierWeight(prefix + FC2 + ".weight", new Shape(out, hidden)), Layers.bias(prefix + FC2 + ".bias", out));
    }

    /** The MLP {@code fc2(GELU(fc1(x)))} under {@code prefix} over the last axis of {@code x} (exact GELU). */
    public static NDArray mlp(Function<String, NDArray> p, String prefix, NDArray x) {
        NDArray h = Activation.gelu(Layers.linear(x, p.apply(prefix + FC1 + ".weight"), p.apply(prefix + FC1 + ".bias")));
        return Layers.linear(h, p.apply(prefix + FC2 + ".weight"), p.apply(prefix + FC2 + ".bias"));
    }

    /**
     * The pre-softmax attention logits {@code q·kᵀ/√dh} of the block, [B, H, T, T], from its normalised input
     * {@code h = LN1(x)}.
     */
    public static NDArray attentionLogits(Function<String, NDArray> p, String prefix, NDArray h, int heads) {
        NDArray q = qkv(p, prefix, h, heads, 0);
        NDArray k = qkv(p, prefix, h, heads, 1);
        double scale = 1.0 / Math.sqrt(h.getShape().get(2) / (double) heads);
        return Layers.scaled(q.matMul(k.transpose(0, 1, 3, 2)), (float) scale);
    }

    /** Softmax over the keys (last axis) of attention logits: every row sums to 1. */
    public static NDArray attentionProbabilities(NDArray logits) {
        return logits.softmax(-1);
    }

    /** Queries (0), keys (1) or values (2) of the block, [B, H, T, dh], from {@code h} [B, T, D]. */
    private static NDArray qkv(Function<String, NDArray> p, String prefix, NDArray h, int heads, int which) {
        Shape s = h.getShape();
        long d = s.get(2);
        NDArray w = Layers.perStep(p.apply(prefix + QKV + ".weight").get(which * d + ":" + (which + 1) * d), h);
        NDArray b = Layers.perStep(p.apply(prefix + QKV + ".bias").get(which * d + ":" + (which + 1) * d), h);
        return Layers.linear(h, w, b).reshape(s.get(0), s.get(1), heads, d / heads).transpose(0, 2, 1, 3);
    }
}
