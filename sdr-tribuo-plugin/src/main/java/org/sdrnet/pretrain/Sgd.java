package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and decoupled-from-BN weight decay, with its state held in named arrays so a
 * checkpoint can save and restore it exactly (DJL's optimizers keep their state private).
 * Update: v ← μ·v + (g + λ·w); w ← w − η·v. Weight decay applies only to weights with ≥ 2 dimensions
 * (convolutions and linear layers), not to BatchNorm parameters or biases.
 */
public final class Sgd {
    private final float momentum;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();

    public Sgd(float momentum, float weightDecay, NDManager stateManager) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.stateManager = stateManager;
    }

    /**
     * Applies one update with learning rate {@code lr} to every trainable parameter, then zeroes the gradients.
     * When any gradient holds a NaN or an infinity, nothing is updated (the gradients are still zeroed) and the
     * method returns false: one bad batch must not poison the weights. Every temporary array belongs to a scratch
     * manager closed at the end, so a long run holds no more native memory than its first step.
     */
    public boolean step(Map<String, Parameter> parameters, float lr) {
        try (NDManager scratch = stateManager.newSubManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            NDArray total = null;
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                if (!e.getValue().requiresGradient()) {
                    continue;
                }
                // the gradient handle stays with its parameter: closing it early corrupted native memory (a crash in
                // SdrMethodTest); only the arrays computed from it belong to the scratch manager
                NDArray g = e.getValue().getArray().getGradient();
                grads.put(e.getKey(), g);
                NDArray a = g.abs();
                a.attach(scratch);
                NDArray s = a.sum();
                s.attach(scratch);
                total = total == null ? s : total.add(s);
            }
            if (total == null) {
                return true;
            }
            boolean finite = Float.isFinite(total.getFloat());
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                NDArray g = e.getValue();
                if (finite) {
                    update(e.getKey(), parameters.get(e.getKey()).getArray(), g, lr, scratch);
                    g.muli(0);
                } else {
                    zeroNonFinite(parameters.get(e.getKey()).getArray(), g);
                }
            }
            return finite;
        }
    }

    /**
     * Zeroes a gradient holding NaN or infinity. {@code g·0} keeps a NaN, and {@code copyTo}/{@code set} would re-point
     * the gradient at memory owned by a temporary Java buffer (DJL sets CPU tensors from direct buffers without
     * copying), so the PyTorch engine's own in-place zero is used.
     */
    private static void zeroNonFinite(NDArray weight, NDArray g) {
        if (weight instanceof ai.djl.pytorch.engine.PtNDArray pt) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad(pt);
        } else {
            g.muli(0);
        }
    }

    private void update(String name, NDArray w, NDArray g, float lr, NDManager scratch) {
        NDArray update = g;
        if (weightDecay > 0 && w.getShape().dimension() >= 2) {
            NDArray decay = w.mul(weightDecay);
            decay.attach(scratch);
            update = g.add(decay);
            update.attach(scratch);
        }
        NDArray v = velocity.get(name);
        if (v == null) {
            v = update.duplicate();
            v.attach(stateManager);
            velocity.put(name, v);
        } else {
            v.muli(momentum).addi(update);
        }
        NDArray delta = v.mul(lr);
        delta.attach(scratch);
        w.subi(delta);
    }

    /** The momentum buffers by parameter name (for checkpoints). */
    public Map<String, NDArray> state() {
        return velocity;
    }

    /** Restores momentum buffers saved by {@link #state()}; they are copied onto this optimizer's device. */
    public void restore(Map<String, NDArray> state) {
        velocity.clear();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray v = e.getValue().toDevice(stateManager.getDevice(), true);
            v.attach(stateManager);
            velocity.put(e.getKey(), v);
        }
    }
}
