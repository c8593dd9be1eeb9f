package org.sdrnet.pretrain.tec;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ParameterBlock;
import org.sdrnet.nn.Transformer;

import java.util.List;
import java.util.function.Function;

/**
 * TEC's encoder adapter (Gao et al. 2022, §3): the outputs of all L student blocks are concatenated along the channels
 * and LayerNorm-ed over all L·C of them, split into groups of {@code group} consecutive layers, each group fused by a
 * Linear(group·C → C) followed by a residual MLP, the groups summed and LayerNorm-ed: [B, T, C]. Dropped after
 * pretraining. Names: {@code norm.*} [L·C], {@code group<g>.fuse.*}, {@code group<g>.mlp.fc1|fc2.*}, {@code out.*} [C].
 */
public final class EncoderAdapter extends ParameterBlock {
    private final int depth;
    private final int dim;
    private final int group;

    /**
     * @param depth  student blocks L
     * @param dim    token width C
     * @param group  layers per group; must divide L
     * @param hidden hidden width of each group's MLP
     */
    public EncoderAdapter(int depth, int dim, int group, int hidden) {
        if (group < 1 || depth % group != 0) {
            throw new IllegalArgumentException("tec setting '" + TecSettings.ADAPTER_GROUP + "' must divide the ViT's depth " + depth
                    + ", got " + group);
        }
        this.depth = depth;
        this.dim = dim;
        this.group = group;
        for (var p : Layers.layerNorm("norm", depth * dim)) {
            declare(p);
        }
        for (int g = 0; g < groups(); g++) {
            declare(Layers.xavierWeight(name(g) + ".fuse.weight", new Shape(dim, (long) group * dim)));
            declare(Layers.bias(name(g) + ".fuse.bias", dim));
            Transformer.mlpParameters(name(g), dim, hidden, dim).forEach(this::declare);
        }
        for (var p : Layers.layerNorm("out", dim)) {
            declare(p);
        }
    }

    private static String name(int g) {
        return "group" + g;
    }

    public int groups() {
        return depth / group;
    }

    /** The adapted tokens [B, T, C] of the block outputs {@code outputs} (L arrays [B, T, C], first block first). */
    public NDArray adapt(ParameterStore ps, List<NDArray> outputs, boolean training) {
        if (outputs.size() != depth) {
            throw new IllegalArgumentException("the encoder adapter takes " + depth + " block outputs, got " + outputs.size());
        }
        Device d = outputs.get(0).getDevice();
        Function<String, NDArray> p = name -> value(ps, name, d, training);
        NDArray all = NDArrays.concat(new NDList(outputs), -1);
        all = Layers.layerNorm(all, p.apply("norm.gamma"), p.apply("norm.beta"));
        NDArray sum = null;
        long width = (long) group * dim;
        for (int g = 0; g < groups(); g++) {
            NDArray part = all.get("..., " + g * width + ":" + (g + 1) * width);
            NDArray x = Layers.linear(part, p.apply(name(g) + ".fuse.weight"), p.apply(name(g) + ".fuse.bias"));
            x = x.add(Transformer.mlp(p, name(g), x));
            sum = sum == null ? x : sum.add(x);
        }
        return Layers.layerNorm(sum, p.apply("out.gamma"), p.apply("out.beta"));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(adapt(ps, inputs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
