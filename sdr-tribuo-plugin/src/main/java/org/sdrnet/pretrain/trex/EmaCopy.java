package org.sdrnet.pretrain.trex;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.NamedParameters;
import org.sdrnet.nn.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exponential moving average of t-ReX's student (backbone + projector) whose features fill the memory bank
 * (METHODS.md §4). Frozen: the optimizer never touches it, gradients never reach it. Only the learnable parameters are
 * averaged (the paper: parameters only); its BatchNorm running statistics are its own, from its forward passes in
 * training mode (batch statistics), kept and checkpointed.
 */
public final class EmaCopy implements NamedParameters {

    /** One averaged parameter: its name in both networks, the student's parameter and the copy's. */
    public record MomentumPair(String name, Parameter student, Parameter copy) {
    }

    private final TrexNetwork network;
    private final List<MomentumPair> pairs = new ArrayList<>();

    private EmaCopy(TrexNetwork network) {
        this.network = network;
    }

    /** A frozen copy equal to {@code student} now, built with the same {@code settings} on {@code manager}'s device. */
    public static EmaCopy of(TrexNetwork student, TrexSettings settings, NDManager manager) {
        TrexNetwork copy = new TrexNetwork(student.spec(), settings);
        copy.allocate(manager);
        EmaCopy ema = new EmaCopy(copy);
        Map<String, Parameter> source = student.namedParameters();
        for (Map.Entry<String, Parameter> e : copy.namedParameters().entrySet()) {
            Parameter s = source.get(e.getKey());
            if (s == null || !s.getArray().getShape().equals(e.getValue().getArray().getShape())) {
                throw new IllegalStateException("EMA parameter " + e.getKey() + " has no student counterpart of its shape");
            }
            Weights.assign(e.getValue().getArray(), s.getArray());
            if (s.requiresGradient()) {
                ema.pairs.add(new MomentumPair(e.getKey(), s, e.getValue()));
            }
            e.getValue().freeze(true);
        }
        return ema;
    }

    /** The copy's embedding of {@code images} (batch statistics), cut off from the gradient. */
    public NDArray embed(ParameterStore ps, NDArray images) {
        return network.embed(ps, images, true).stopGradient();
    }

    /** e ← m·e + (1−m)·s for every pair, in place; temporaries belong to {@code scratch}. */
    public void update(float m, NDManager scratch) {
        for (MomentumPair p : pairs) {
            NDArray e = p.copy().getArray();
            NDArray step = p.student().getArray().sub(e);
            step.attach(scratch);
            step.muli(1 - m);
            e.addi(step);
        }
    }

    /** The averaged parameters, as data. */
    public List<MomentumPair> pairs() {
        return List.copyOf(pairs);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return network.namedParameters();
    }
}
