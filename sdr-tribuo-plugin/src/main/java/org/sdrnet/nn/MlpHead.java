package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.List;

/**
 * A multi-layer perceptron head (projector or predictor of a Siamese method): each layer is
 * Linear, optional BatchNorm, optional ReLU. Heads are discarded after pretraining.
 */
public final class MlpHead extends ParameterBlock {

    /** One layer: output width, whether the Linear has a bias, and whether BatchNorm / ReLU follow. */
    public record Layer(int out, boolean bias, boolean batchNorm, boolean relu) {
    }

    private final int inputDim;
    private final List<Layer> layers;

    public MlpHead(int inputDim, List<Layer> layers) {
        this.inputDim = inputDim;
        this.layers = List.copyOf(layers);
        int in = inputDim;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            declare(Layers.linearWeight("layer" + i + ".weight", l.out(), in));
            if (l.bias()) {
                declare(Layers.bias("layer" + i + ".bias", l.out()));
            }
            if (l.batchNorm()) {
                declareBatchNorm("layer" + i + ".bn", l.out());
            }
            in = l.out();
        }
    }

    /** SimSiam's projector: three Linear layers with BN, ReLU on the first two, BN on the output. */
    public static MlpHead simSiamProjector(int inputDim, int hidden, int out) {
        return new MlpHead(inputDim, List.of(new Layer(hidden, false, true, true), new Layer(hidden, false, true, true),
                new Layer(out, false, true, false)));
    }

    /** SimSiam's predictor: a two-layer bottleneck MLP (BN and ReLU inside, plain Linear output). */
    public static MlpHead simSiamPredictor(int dim, int bottleneck) {
        return new MlpHead(dim, List.of(new Layer(bottleneck, false, true, true), new Layer(dim, true, false, false)));
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputDim() {
        return layers.get(layers.size() - 1).out();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device d = x.getDevice();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            NDArray w = value(ps, "layer" + i + ".weight", d, training);
            x = l.bias() ? Linear.linear(x, w, value(ps, "layer" + i + ".bias", d, training)).singletonOrThrow()
                    : Linear.linear(x, w).singletonOrThrow();
            if (l.batchNorm()) {
                x = Layers.bn(x, batchNormValues(ps, "layer" + i + ".bn", d, training), training);
            }
            if (l.relu()) {
                x = Activation.relu(x);
            }
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputDim())};
    }
}
