package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL rendering of a {@link ResNetSpec}: stem conv-BN-ReLU, basic residual blocks
 * (conv3×3-BN-ReLU-conv3×3-BN plus identity or 1×1-conv-BN shortcut, then ReLU), global average pool.
 * Input NCHW float, output {@code [batch, featureDim]}. Parameter names are those of {@link ResNetNames}.
 */
public final class ResNetBackbone extends ParameterBlock {
    private final ResNetSpec spec;

    public ResNetBackbone(ResNetSpec spec) {
        this.spec = spec;
        int[] widths = spec.widths();
        declare(Layers.convWeight(ResNetNames.STEM + ".conv.weight", widths[0], spec.inChannels(), 3));
        declareBatchNorm(ResNetNames.STEM + ".bn", widths[0]);
        int in = widths[0];
        for (ResNetNames.Unit u : ResNetNames.units(spec)) {
            declare(Layers.convWeight(u.prefix() + ".conv1.weight", u.out(), in, 3));
            declareBatchNorm(u.prefix() + ".bn1", u.out());
            declare(Layers.convWeight(u.prefix() + ".conv2.weight", u.out(), u.out(), 3));
            declareBatchNorm(u.prefix() + ".bn2", u.out());
            if (u.hasShortcutConv()) {
                declare(Layers.convWeight(u.prefix() + ".down.conv.weight", u.out(), in, 1));
                declareBatchNorm(u.prefix() + ".down.bn", u.out());
            }
            in = u.out();
        }
    }

    public ResNetSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device d = x.getDevice();
        x = Activation.relu(Layers.bn(Layers.conv(x, value(ps, ResNetNames.STEM + ".conv.weight", d, training), 1),
                batchNormValues(ps, ResNetNames.STEM + ".bn", d, training), training));
        for (ResNetNames.Unit u : ResNetNames.units(spec)) {
            String p = u.prefix();
            NDArray y = Activation.relu(Layers.bn(Layers.conv(x, value(ps, p + ".conv1.weight", d, training), u.stride()),
                    batchNormValues(ps, p + ".bn1", d, training), training));
            y = Layers.bn(Layers.conv(y, value(ps, p + ".conv2.weight", d, training), 1),
                    batchNormValues(ps, p + ".bn2", d, training), training);
            NDArray shortcut = u.hasShortcutConv()
                    ? Layers.bn(Layers.conv(x, value(ps, p + ".down.conv.weight", d, training), u.stride()),
                            batchNormValues(ps, p + ".down.bn", d, training), training)
                    : x;
            x = Activation.relu(y.add(shortcut));
        }
        // global average pool (PyTorch's engine reduces one axis at a time in DJL)
        Shape s = x.getShape();
        return new NDList(x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.featureDim())};
    }
}
