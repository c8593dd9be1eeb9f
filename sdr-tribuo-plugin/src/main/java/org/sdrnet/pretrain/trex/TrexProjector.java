package org.sdrnet.pretrain.trex;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ParameterBlock;

/**
 * t-ReX's expendable projector (METHODS.md §4), discarded after pretraining: L2-normalise the backbone feature, then
 * {@code depth} × [Linear(hidden) → BatchNorm → GELU], then Linear(out) without bias. Depth 0 is no projector and is
 * not built (see {@link TrexSettings#projectorDepth()}).
 * <p>
 * [our choice] The hidden Linear layers have no bias, since the BatchNorm after each one has its own shift. Sizes for
 * 32 px: hidden 512 and out 128 by default ({@link TrexSettings}), a quarter and a half of the paper's 2048 and 256,
 * because our backbones' features are 256 to 512 wide rather than 2048.
 */
public final class TrexProjector extends ParameterBlock {
    private static final float EPS = 1e-12f;
    private final int inputDim;
    private final int depth;
    private final int outputDim;

    public TrexProjector(int inputDim, int depth, int hidden, int out) {
        if (depth < 1 || hidden < 1 || out < 1 || inputDim < 1) {
            throw new IllegalArgumentException("t-ReX projector needs depth, hidden, out and input sizes ≥ 1, got depth " + depth
                    + ", hidden " + hidden + ", out " + out + ", input " + inputDim);
        }
        this.inputDim = inputDim;
        this.depth = depth;
        this.outputDim = out;
        int in = inputDim;
        for (int i = 0; i < depth; i++) {
            declare(Layers.linearWeight("layer" + i + ".weight", hidden, in));
            declareBatchNorm("layer" + i + ".bn", hidden);
            in = hidden;
        }
        declare(Layers.linearWeight("out.weight", out, in));
    }

    /**
     * {@code x / max(‖x‖, ε)} along the last axis. The ε tensor belongs to {@code x}'s manager (the step's), not a
     * scalar DJL frees at once while autograd still needs it (docs/architecture.md, "Native memory").
     */
    static NDArray normalize(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true).maximum(x.getManager().create(EPS)));
    }

    public int inputDim() {
        return inputDim;
    }

    public int depth() {
        return depth;
    }

    public int outputDim() {
        return outputDim;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = normalize(inputs.singletonOrThrow());
        Device d = x.getDevice();
        for (int i = 0; i < depth; i++) {
            x = Linear.linear(x, value(ps, "layer" + i + ".weight", d, training)).singletonOrThrow();
            x = Activation.gelu(Layers.bn(x, batchNormValues(ps, "layer" + i + ".bn", d, training), training));
        }
        return new NDList(Linear.linear(x, value(ps, "out.weight", d, training)).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim)};
    }
}
