package org.sdrnet.onnx;

import org.sdrnet.nn.Layers;
import org.sdrnet.nn.Transformer;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;

/**
 * Writes the nodes of a {@link VitSpec} into an ONNX graph (opset {@value VisionOperator#OPSET}), node for node what
 * {@link VitBackbone} computes: patch embedding as a {@code Conv} with kernel = stride = patch size, reshaped to tokens;
 * the CLS token (its position embedding added at export) expanded to the batch and concatenated in front; position
 * embedding added; per block LayerNorm, attention ({@code MatMul}, scale, {@code Softmax}, {@code MatMul}), projection,
 * residual, LayerNorm, MLP with the exact GELU {@code ½x(1 + erf(x/√2))}, residual; final LayerNorm; CLS token or mean of
 * the patch tokens. Opset 13 has neither LayerNormalization (opset 17) nor Gelu (opset 20), so both are written out from
 * elementary operators. Linear weights are stored transposed ([in, out]) for {@code MatMul}.
 * <p>
 * {@code OnnxVitReader} (plugin, runtime) reads the weights back by these initializer names to use an exported ViT as
 * TEC's base: a renamed initializer breaks it, as {@code TecExportTest} shows.
 */
final class VitGraph {
    private final ONNXContext ctx;
    private final BackboneWeights w;
    private final VitSpec spec;

    VitGraph(ONNXContext ctx, BackboneWeights w, VitSpec spec) {
        this.ctx = ctx;
        this.w = w;
        this.spec = spec;
    }

    /** The feature [batch, dim] of the NCHW {@code input}. */
    ONNXNode embedding(ONNXRef<?> input) {
        int d = spec.dim();
        int p = spec.patchSize();
        int n = spec.numPatches();
        float[] pos = w.take(VitBackbone.POS, 1, spec.numTokens(), d);
        float[] cls = w.take(VitBackbone.CLS, 1, 1, d);

        ONNXNode patches = op(VisionOperator.CONV, List.of(input,
                tensor(VitBackbone.PATCH + ".weight", List.of(d, spec.inChannels(), p, p),
                        w.take(VitBackbone.PATCH + ".weight", d, spec.inChannels(), p, p)),
                tensor(VitBackbone.PATCH + ".bias", List.of(d), w.take(VitBackbone.PATCH + ".bias", d))),
                VitBackbone.PATCH, Map.of("kernel_shape", new int[] {p, p}, "strides", new int[] {p, p}, "pads", new int[] {0, 0, 0, 0}));
        ONNXNode tokens = op(VisionOperator.TRANSPOSE, List.of(reshape(patches, new long[] {0, d, n}, "patch.flat")), "patch.tokens",
                Map.of("perm", new int[] {0, 2, 1}));
        float[] patchPos = new float[n * d];
        System.arraycopy(pos, d, patchPos, 0, n * d);
        tokens = op(VisionOperator.ADD, List.of(tokens, tensor("pos.patches", List.of(1, n, d), patchPos)), "pos.add", Map.of());

        float[] clsPos = new float[d];
        for (int i = 0; i < d; i++) {
            clsPos[i] = cls[i] + pos[i];
        }
        ONNXNode batch = op(VisionOperator.GATHER, List.of(op(VisionOperator.SHAPE, List.of(input), "input.shape", Map.of()),
                ctx.array("batch.axis", new long[] {0})), "batch", Map.of("axis", 0));
        ONNXNode clsShape = op(VisionOperator.CONCAT, List.of(batch, ctx.array("cls.ones", new long[] {1, 1})), "cls.shape",
                Map.of("axis", 0));
        ONNXNode clsTokens = op(VisionOperator.EXPAND, List.of(tensor("cls.pos", List.of(1, 1, d), clsPos), clsShape), "cls.expand", Map.of());
        ONNXRef<?> x = op(VisionOperator.CONCAT, List.of(clsTokens, tokens), "tokens", Map.of("axis", 1));

        for (int i = 0; i < spec.depth(); i++) {
            x = block(x, VitBackbone.block(i));
        }
        x = layerNorm(x, VitBackbone.NORM);
        if (spec.pooling() == VitSpec.Pooling.CLS) {
            return op(VisionOperator.GATHER, List.of(x, ctx.constant("cls.index", 0L)), "pool.cls", Map.of("axis", 1));
        }
        ONNXNode patchTokens = op(VisionOperator.SLICE, List.of(x, ctx.array("pool.start", new long[] {1}),
                ctx.array("pool.end", new long[] {spec.numTokens()}), ctx.array("pool.axis", new long[] {1})), "pool.patches", Map.of());
        return op(VisionOperator.REDUCE_MEAN, List.of(patchTokens), "pool.mean", Map.of("axes", new int[] {1}, "keepdims", 0));
    }

    /** One pre-norm block of {@link Transformer}. */
    private ONNXRef<?> block(ONNXRef<?> x, String prefix) {
        int d = spec.dim();
        int heads = spec.heads();
        int hd = spec.headDim();
        ONNXRef<?> h = layerNorm(x, prefix + Transformer.NORM1);
        float[] qkvW = w.take(prefix + Transformer.QKV + ".weight", 3L * d, d);
        float[] qkvB = w.take(prefix + Transformer.QKV + ".bias", 3L * d);
        ONNXRef<?>[] qkv = new ONNXRef<?>[3];
        String[] names = {"q", "k", "v"};
        for (int j = 0; j < 3; j++) {
            float[] wj = new float[d * d];
            System.arraycopy(qkvW, j * d * d, wj, 0, d * d);
            float[] bj = new float[d];
            System.arraycopy(qkvB, j * d, bj, 0, d);
            String name = prefix + ".attn." + names[j];
            ONNXRef<?> y = reshape(linear(h, name, wj, bj, d, d), new long[] {0, 0, heads, hd}, name + ".heads");
            // q and v to [B, H, T, dh]; k straight to [B, H, dh, T] for q·kᵀ
            qkv[j] = op(VisionOperator.TRANSPOSE, List.of(y), name + ".t", Map.of("perm", j == 1 ? new int[] {0, 2, 3, 1} : new int[] {0, 2, 1, 3}));
        }
        String a = prefix + ".attn";
        ONNXNode logits = op(VisionOperator.MUL, List.of(op(VisionOperator.MATMUL, List.of(qkv[0], qkv[1]), a + ".qk", Map.of()),
                ctx.constant(a + ".scale", (float) (1.0 / Math.sqrt(hd)))), a + ".logits", Map.of());
        ONNXNode probs = op(VisionOperator.SOFTMAX, List.of(logits), a + ".softmax", Map.of("axis", -1));
        ONNXNode mixed = op(VisionOperator.TRANSPOSE, List.of(op(VisionOperator.MATMUL, List.of(probs, qkv[2]), a + ".mix", Map.of())),
                a + ".mix.t", Map.of("perm", new int[] {0, 2, 1, 3}));
        ONNXRef<?> proj = linear(reshape(mixed, new long[] {0, 0, d}, a + ".merge"), prefix + Transformer.PROJ,
                w.take(prefix + Transformer.PROJ + ".weight", d, d), w.take(prefix + Transformer.PROJ + ".bias", d), d, d);
        x = op(VisionOperator.ADD, List.of(x, proj), prefix + ".res1", Map.of());

        int m = spec.mlpDim();
        h = layerNorm(x, prefix + Transformer.NORM2);
        h = gelu(linear(h, prefix + Transformer.FC1, w.take(prefix + Transformer.FC1 + ".weight", m, d),
                w.take(prefix + Transformer.FC1 + ".bias", m), m, d), prefix + ".mlp.gelu");
        h = linear(h, prefix + Transformer.FC2, w.take(prefix + Transformer.FC2 + ".weight", d, m),
                w.take(prefix + Transformer.FC2 + ".bias", d), d, m);
        return op(VisionOperator.ADD, List.of(x, h), prefix + ".res2", Map.of());
    }

    /** LayerNorm over the last axis written out: {@code (x − mean) / √(var + ε) · γ + β}, ε = {@link Layers#LN_EPS}. */
    private ONNXRef<?> layerNorm(ONNXRef<?> x, String prefix) {
        int d = spec.dim();
        Map<String, Object> lastAxis = Map.of("axes", new int[] {-1}, "keepdims", 1);
        ONNXNode centred = op(VisionOperator.SUB, List.of(x, op(VisionOperator.REDUCE_MEAN, List.of(x), prefix + ".mean", lastAxis)),
                prefix + ".centred", Map.of());
        ONNXNode var = op(VisionOperator.REDUCE_MEAN, List.of(op(VisionOperator.MUL, List.of(centred, centred), prefix + ".sq", Map.of())),
                prefix + ".var", lastAxis);
        ONNXNode std = op(VisionOperator.SQRT, List.of(op(VisionOperator.ADD, List.of(var, ctx.constant(prefix + ".eps", Layers.LN_EPS)),
                prefix + ".var_eps", Map.of())), prefix + ".std", Map.of());
        ONNXNode normed = op(VisionOperator.DIV, List.of(centred, std), prefix + ".normed", Map.of());
        ONNXNode scaled = op(VisionOperator.MUL, List.of(normed, tensor(prefix + ".gamma", List.of(d), w.take(prefix + ".gamma", d))),
                prefix + ".scaled", Map.of());
        return op(VisionOperator.ADD, List.of(scaled, tensor(prefix + ".beta", List.of(d), w.take(prefix + ".beta", d))),
                prefix + ".shifted", Map.of());
    }

    /** The exact GELU, {@code ½x(1 + erf(x/√2))}. */
    private ONNXRef<?> gelu(ONNXRef<?> x, String name) {
        ONNXNode erf = op(VisionOperator.ERF, List.of(op(VisionOperator.DIV, List.of(x, ctx.constant(name + ".sqrt2", (float) Math.sqrt(2))),
                name + ".scaled", Map.of())), name + ".erf", Map.of());
        ONNXNode onePlus = op(VisionOperator.ADD, List.of(erf, ctx.constant(name + ".one", 1f)), name + ".one_plus", Map.of());
        ONNXNode halfX = op(VisionOperator.MUL, List.of(x, ctx.constant(name + ".half", 0.5f)), name + ".half_x", Map.of());
        return op(VisionOperator.MUL, List.of(halfX, onePlus), name, Map.of());
    }

    /** {@code x·Wᵀ + b} for a weight [out, in] given row-major; stored transposed as [in, out] for {@code MatMul}. */
    private ONNXRef<?> linear(ONNXRef<?> x, String name, float[] weight, float[] bias, int out, int in) {
        float[] t = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = weight[o * in + i];
            }
        }
        ONNXNode y = op(VisionOperator.MATMUL, List.of(x, tensor(name + ".weight_t", List.of(in, out), t)), name, Map.of());
        return op(VisionOperator.ADD, List.of(y, tensor(name + ".bias", List.of(out), bias)), name + ".add", Map.of());
    }

    private ONNXNode reshape(ONNXRef<?> x, long[] shape, String name) {
        return op(VisionOperator.RESHAPE, List.of(x, ctx.array(name + ".shape", shape)), name, Map.of());
    }

    private ONNXNode op(ONNXOperator op, List<? extends ONNXRef<?>> inputs, String name, Map<String, Object> attrs) {
        return OnnxBackboneWriter.op(ctx, op, inputs, name, attrs);
    }

    private org.tribuo.util.onnx.ONNXInitializer tensor(String name, List<Integer> dims, float[] values) {
        return OnnxBackboneWriter.tensor(ctx, name, dims, values);
    }
}
