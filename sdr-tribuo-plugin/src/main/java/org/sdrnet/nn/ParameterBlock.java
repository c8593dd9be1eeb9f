package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the project's DJL blocks: parameters are registered under readable names with known shapes,
 * and the forward pass is written functionally over them. Subclasses declare parameters in their
 * constructor with {@link #declare} and read them in {@code forwardInternal} with {@link #value}.
 */
public abstract class ParameterBlock extends AbstractBlock implements NamedParameters {
    private static final byte VERSION = 1;
    private final Map<String, Parameter> named = new LinkedHashMap<>();

    protected ParameterBlock() {
        super(VERSION);
    }

    /** Registers a parameter under its name; names must be unique within the block. */
    protected final Parameter declare(Parameter p) {
        if (named.putIfAbsent(p.getName(), p) != null) {
            throw new IllegalStateException("duplicate parameter name " + p.getName());
        }
        return addParameter(p);
    }

    /** Registers the four BatchNorm parameters under {@code prefix}. */
    protected final void declareBatchNorm(String prefix, int channels) {
        for (Parameter p : Layers.batchNorm(prefix, channels)) {
            declare(p);
        }
    }

    /** The current value of parameter {@code name} on {@code device}. */
    protected final NDArray value(ParameterStore ps, String name, Device device, boolean training) {
        Parameter p = named.get(name);
        if (p == null) {
            throw new IllegalStateException("no parameter named " + name + " in " + getClass().getSimpleName());
        }
        return ps.getValue(p, device, training);
    }

    /** The four BatchNorm arrays under {@code prefix}: gamma, beta, running mean, running var. */
    protected final NDArray[] batchNormValues(ParameterStore ps, String prefix, Device device, boolean training) {
        return new NDArray[] {
            value(ps, prefix + ".gamma", device, training), value(ps, prefix + ".beta", device, training),
            value(ps, prefix + ".runningMean", device, training), value(ps, prefix + ".runningVar", device, training)
        };
    }

    protected final boolean has(String name) {
        return named.containsKey(name);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return Collections.unmodifiableMap(named);
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        // every parameter shape is known at construction
    }
}
