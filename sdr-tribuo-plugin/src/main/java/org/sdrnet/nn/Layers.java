package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * Factories for the parameters of our layers and the functional forward of each, so every network is
 * written as plain calls over named parameters (what the ONNX writer mirrors node by node).
 */
public final class Layers {
    /** BatchNorm momentum in DJL's convention (running = m·running + (1−m)·batch), i.e. PyTorch's 0.1. */
    public static final float BN_MOMENTUM = 0.9f;
    public static final float BN_EPS = 1e-5f;
    /** LayerNorm ε of the transformers (the ViT reference implementations' 1e-6). */
    public static final float LN_EPS = 1e-6f;

    private Layers() {
    }

    /** A conv weight [out, in, k, k], Kaiming-normal (fan-out, ReLU gain). */
    public static Parameter convWeight(String name, int out, int in, int k) {
        return convWeight(name, out, in, k, out);
    }

    /**
     * The same for one part of a wider layer (a split SDR convolution): He initialisation over the fan-out of
     * {@code layerOut} channels, the whole layer's, so the parts together start as one layer of that width would.
     */
    public static Parameter convWeight(String name, int out, int in, int k, int layerOut) {
        float sigma = (float) Math.sqrt(2.0 / (layerOut * k * k));
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, k, k)).optInitializer(new NormalInitializer(sigma)).build();
    }

    /** A linear weight [out, in], normal with std 1/√in. */
    public static Parameter linearWeight(String name, int out, int in) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in)).optInitializer(new NormalInitializer((float) Math.sqrt(1.0 / in))).build();
    }

    /**
     * A linear weight [out, in], Xavier/Glorot uniform over fan-in {@code fanIn} and fan-out {@code out} (the MAE paper's
     * initialisation of transformer layers). {@code fanIn} differs from {@code in} only for a patch embedding, whose
     * weight is [out, C, p, p] with fan-in C·p·p.
     */
    public static Parameter xavierWeight(String name, Shape shape) {
        long out = shape.get(0);
        long fanIn = shape.size() / out;
        float limit = (float) Math.sqrt(6.0 / (fanIn + out));
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(shape).optInitializer(new UniformInitializer(limit)).build();
    }

    /** A learned embedding (CLS token, mask token, position embedding), truncated normal with std 0.02 as in ViT. */
    public static Parameter embedding(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optShape(shape).optInitializer(new TruncatedNormalInitializer(0.02f)).build();
    }

    /** The two parameters of a LayerNorm over the last axis of width {@code n}: gamma (one) and beta (zero). */
    public static Parameter[] layerNorm(String prefix, int n) {
        return new Parameter[] {
            Parameter.builder().setName(prefix + ".gamma").setType(Parameter.Type.GAMMA)
                    .optShape(new Shape(n)).optInitializer(new ConstantInitializer(1f)).build(),
            Parameter.builder().setName(prefix + ".beta").setType(Parameter.Type.BETA)
                    .optShape(new Shape(n)).optInitializer(new ConstantInitializer(0f)).build()
        };
    }

    /** LayerNorm over the last axis with ε {@link #LN_EPS}. */
    public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, LN_EPS).singletonOrThrow();
    }

    /** {@code x·wᵀ + b} over the last axis of {@code x}, with a weight [out, in] and a bias [out]; one engine call. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /**
     * {@code s·x} on a path that will be back-propagated. Not {@code x.mul(s)}: DJL makes the scalar a tensor over a Java
     * buffer and closes it right after the product while autograd keeps it for the backward pass; once the GC frees the
     * buffer the gradient is scaled by whatever the memory holds. Here the scalar belongs to {@code x}'s manager.
     */
    public static NDArray scaled(NDArray x, float s) {
        return x.mul(x.getManager().create(s));
    }

    /**
     * {@code derived} (a view or function of parameters, e.g. a slice of a weight) handed to the manager of the step's
     * activations {@code activations}, so it is freed with the step instead of piling up in the parameters' manager.
     */
    public static NDArray perStep(NDArray derived, NDArray activations) {
        derived.attach(activations.getManager());
        return derived;
    }

    /** A bias [n], zero. */
    public static Parameter bias(String name, int n) {
        return Parameter.builder().setName(name).setType(Parameter.Type.BIAS)
                .optShape(new Shape(n)).optInitializer(new ConstantInitializer(0f)).build();
    }

    /** The four parameters of a BatchNorm over {@code n} channels: gamma, beta, running mean, running var. */
    public static Parameter[] batchNorm(String prefix, int n) {
        return new Parameter[] {
            Parameter.builder().setName(prefix + ".gamma").setType(Parameter.Type.GAMMA)
                    .optShape(new Shape(n)).optInitializer(new ConstantInitializer(1f)).build(),
            Parameter.builder().setName(prefix + ".beta").setType(Parameter.Type.BETA)
                    .optShape(new Shape(n)).optInitializer(new ConstantInitializer(0f)).build(),
            Parameter.builder().setName(prefix + ".runningMean").setType(Parameter.Type.RUNNING_MEAN)
                    .optShape(new Shape(n)).optInitializer(new ConstantInitializer(0f)).optRequiresGrad(false).build(),
            Parameter.builder().setName(prefix + ".runningVar").setType(Parameter.Type.RUNNING_VAR)
                    .optShape(new Shape(n)).optInitializer(new ConstantInitializer(1f)).optRequiresGrad(false).build()
        };
    }

    /** 3×3 or 1×1 convolution without bias, "same" padding for odd kernels, verified by {@link ConvGuard}. */
    public static NDArray conv(NDArray x, NDArray weight, int stride) {
        return ConvGuard.conv(x, weight, stride);
    }

    /** BatchNorm over axis 1 with the given [gamma, beta, mean, var]; updates running statistics when training. */
    public static NDArray bn(NDArray x, NDArray[] p, boolean training) {
        return BatchNorm.batchNorm(x, p[2], p[3], p[0], p[1], 1, BN_MOMENTUM, BN_EPS, training).singletonOrThrow();
    }
}
