package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A slimmable ResNet (DSPNet, Wang et al. 2022, after Yu et al.'s slimmable networks; METHODS.md §2): one set of
 * full-width convolution weights that runs at every width of a {@link SlimmableSpec}. At multiplier {@code w} each
 * convolution uses the first ⌈w·C_out⌉ output and ⌈w·C_in⌉ input channels of its weight (the image's channels are never
 * sliced). BatchNorm is switchable: each width has its own gamma, beta and running statistics, because a slice's
 * activations have other statistics than the full layer's.
 * <p>
 * The width is an argument of {@link #forward(ParameterStore, NDArray, boolean, double)}, not state: a training step
 * may run several widths on the same weights in one {@code GradientCollector}, and their gradients add up in the shared
 * convolution weights (a slim width's gradient is zero outside its slice). Every convolution goes through
 * {@link Layers#conv}, so slim channel counts the native kernels get wrong are computed right ({@link ConvGuard}).
 * <p>
 * Parameter names: convolutions as in {@link ResNetNames} at full width ({@code stage2.block0.conv1.weight});
 * BatchNorm per width under {@link SlimmableSpec#label} ({@code stem.bn.x0_25.gamma},
 * {@code stage2.block0.down.bn.x1.runningVar}). {@link #extract} turns any width into a plain {@link Backbone}.
 */
public final class SlimmableResNet extends ParameterBlock {
    private static final String[] BN_PARTS = {"gamma", "beta", "runningMean", "runningVar"};
    private final SlimmableSpec spec;
    /** The convolutions by name ({@code stage2.block0.conv1}), in forward order. */
    private final Map<String, ConvLayer> layers = new LinkedHashMap<>();

    /**
     * One convolution and the BatchNorm after it: the stage whose width its outputs have, and the stage whose width its
     * inputs have ({@code -1}: the image).
     */
    private record ConvLayer(String conv, String bn, int outStage, int inStage, int kernel) {
        int out(int[] widths) {
            return widths[outStage];
        }

        int in(int[] widths, int imageChannels) {
            return inStage < 0 ? imageChannels : widths[inStage];
        }
    }

    public SlimmableResNet(SlimmableSpec spec) {
        this.spec = spec;
        ResNetSpec base = spec.base();
        int[] full = base.widths();
        for (ConvLayer l : convLayers(base)) {
            layers.put(l.conv(), l);
            declare(Layers.convWeight(l.conv() + ".weight", l.out(full), l.in(full, base.inChannels()), l.kernel()));
        }
        for (double w : spec.multipliers()) {
            int[] widths = spec.widthsAt(w);
            for (ConvLayer l : layers.values()) {
                declareBatchNorm(bnPrefix(l, w), l.out(widths));
            }
        }
    }

    /** Every convolution of {@code base} in forward order, with the BatchNorm that follows it. */
    private static List<ConvLayer> convLayers(ResNetSpec base) {
        List<ConvLayer> layers = new ArrayList<>();
        layers.add(new ConvLayer(ResNetNames.STEM + ".conv", ResNetNames.STEM + ".bn", 0, -1, 3));
        int inStage = 0; // the stem has the first stage's width
        for (ResNetNames.Unit u : ResNetNames.units(base)) {
            String p = u.prefix();
            layers.add(new ConvLayer(p + ".conv1", p + ".bn1", u.stage(), inStage, 3));
            layers.add(new ConvLayer(p + ".conv2", p + ".bn2", u.stage(), u.stage(), 3));
            if (u.hasShortcutConv()) {
                layers.add(new ConvLayer(p + ".down.conv", p + ".down.bn", u.stage(), inStage, 1));
            }
            inStage = u.stage();
        }
        return layers;
    }

    private static String bnPrefix(ConvLayer l, double width) {
        return l.bn() + "." + SlimmableSpec.label(width);
    }

    public SlimmableSpec spec() {
        return spec;
    }

    /** Forward pass at full width (multiplier 1). */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, 1.0));
    }

    /**
     * Features {@code [batch, ⌈w·C_last⌉]} at multiplier {@code width} (one of the spec's); in training mode the BatchNorm
     * of this width uses batch statistics and updates its own running statistics only.
     */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training, double width) {
        int[] widths = spec.widthsAt(width);
        int image = spec.base().inChannels();
        x = Activation.relu(convBn(ps, x, layers.get(ResNetNames.STEM + ".conv"), widths, image, width, 1, training));
        for (ResNetNames.Unit u : ResNetNames.units(spec.base())) {
            String p = u.prefix();
            NDArray y = Activation.relu(convBn(ps, x, layers.get(p + ".conv1"), widths, image, width, u.stride(), training));
            y = convBn(ps, y, layers.get(p + ".conv2"), widths, image, width, 1, training);
            NDArray shortcut = u.hasShortcutConv()
                    ? convBn(ps, x, layers.get(p + ".down.conv"), widths, image, width, u.stride(), training)
                    : x;
            x = Activation.relu(y.add(shortcut));
        }
        // global average pool (PyTorch's engine reduces one axis at a time in DJL)
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
    }

    /** One convolution on its weight's slice for this width, then this width's BatchNorm. */
    private NDArray convBn(ParameterStore ps, NDArray x, ConvLayer l, int[] widths, int image, double width, int stride,
            boolean training) {
        Device d = x.getDevice();
        NDArray weight = slice(value(ps, l.conv() + ".weight", d, training), l.out(widths), l.in(widths, image), x);
        return Layers.bn(Layers.conv(x, weight, stride), batchNormValues(ps, bnPrefix(l, width), d, training), training);
    }

    /**
     * The first {@code out} × {@code in} channels of a convolution weight, as a contiguous tensor (the layout the
     * convolution guard verifies its routes with) that stays differentiable towards the full weight. The slice is per
     * forward pass: it belongs to the batch's manager, not to the parameters'.
     */
    static NDArray slice(NDArray full, int out, int in, NDArray batch) {
        Shape s = full.getShape();
        if (s.get(0) == out && s.get(1) == in) {
            return full;
        }
        NDArray view = full.get(new NDIndex(":" + out + ", :" + in));
        // flattening a strided view copies it (duplicate() would cut the copy off the autograd graph)
        NDArray flat = view.reshape(-1);
        NDArray copy = flat.reshape(out, in, s.get(2), s.get(3));
        for (NDArray a : new NDArray[] {view, flat, copy}) {
            a.attach(batch.getManager());
        }
        return copy;
    }

    /**
     * The plain ResNet weights of multiplier {@code width}: every convolution weight's first channels and that width's
     * own BatchNorm, under {@link ResNetNames}. Strict: a missing, unexpected or mis-shaped parameter of the slimmable
     * network is an error naming it. The plain network ({@link SlimmableSpec#specAt}) computes what this one does at
     * that width.
     */
    public static Map<String, HostTensor> extract(SlimmableSpec spec, Map<String, HostTensor> weights, double width) {
        int[] widths = spec.widthsAt(width);
        requireLayout(spec, weights);
        int image = spec.base().inChannels();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (ConvLayer l : convLayers(spec.base())) {
            out.put(l.conv() + ".weight", sliceConv(weights.get(l.conv() + ".weight"), l.out(widths), l.in(widths, image)));
            for (String part : BN_PARTS) {
                out.put(l.bn() + "." + part, weights.get(bnPrefix(l, width) + "." + part));
            }
        }
        return out;
    }

    /**
     * This network's current weights at multiplier {@code width} as a plain backbone of spec
     * {@link SlimmableSpec#specAt}; its provenance is {@code source} (checkpoint, method, …) plus the width and the
     * slimmable spec it was cut from.
     */
    public Backbone extract(double width, Map<String, String> source) {
        Map<String, HostTensor> host = new LinkedHashMap<>();
        namedParameters().forEach((k, p) -> host.put(k, HostTensor.of(p.getArray())));
        Map<String, String> provenance = new LinkedHashMap<>(source);
        provenance.put("width", Double.toString(width));
        provenance.put("slimmable", spec.toString());
        return new Backbone(spec.specAt(width), extract(spec, host, width), provenance);
    }

    private static void requireLayout(SlimmableSpec spec, Map<String, HostTensor> weights) {
        Map<String, Parameter> expected = new SlimmableResNet(spec).namedParameters();
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(weights.keySet());
        Set<String> unexpected = new TreeSet<>(weights.keySet());
        unexpected.removeAll(expected.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("weights do not match " + spec + ": missing " + missing + ", unexpected " + unexpected);
        }
        expected.forEach((name, p) -> {
            Shape actual = new Shape(weights.get(name).shape());
            if (!actual.equals(p.getShape())) {
                throw new IllegalArgumentException("weights for " + spec + ": parameter " + name + " has shape " + actual
                        + " but the network expects " + p.getShape());
            }
        });
    }

    /** The first {@code out} × {@code in} channels of a host weight [C_out, C_in, k, k]. */
    private static HostTensor sliceConv(HostTensor full, int out, int in) {
        long[] s = full.shape();
        int fullIn = (int) s[1];
        int taps = (int) (s[2] * s[3]);
        float[] v = new float[out * in * taps];
        for (int o = 0; o < out; o++) {
            System.arraycopy(full.values(), o * fullIn * taps, v, o * in * taps, in * taps);
        }
        return new HostTensor(new long[] {out, in, s[2], s[3]}, v);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.base().featureDim())};
    }
}
