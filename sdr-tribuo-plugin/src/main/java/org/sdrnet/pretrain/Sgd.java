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
     * Applies one update with learning rate {@code lr} to every trainable parameter, then zeroes its gradient.
     * Every temporary array of the update belongs to a scratch manager closed at the end, so a long run holds no more
     * native memory than its first step.
     */
    public void step(Map<String, Parameter> parameters, float lr) {
        try (NDManager scratch = stateManager.newSubManager()) {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                Parameter p = e.getValue();
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                g.attach(scratch);
                NDArray update = g;
                if (weightDecay > 0 && w.getShape().dimension() >= 2) {
                    NDArray decay = w.mul(weightDecay);
                    decay.attach(scratch);
                    update = g.add(decay);
                }
                NDArray v = velocity.get(e.getKey());
                if (v == null) {
                    v = update.duplicate();
                    v.attach(stateManager);
                    velocity.put(e.getKey(), v);
                } else {
                    v.muli(momentum).addi(update);
                }
                NDArray delta = v.mul(lr);
                delta.attach(scratch);
                w.subi(delta);
                g.muli(0);
            }
        }
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
