package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and decoupled-from-BN weight decay, the loop's default {@link Optimizer}.
 * Update: v ← μ·v + (g + λ·w); w ← w − η·v. Weight decay applies only to weights with ≥ 2 dimensions
 * (convolutions and linear layers), not to BatchNorm parameters or biases.
 */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final float weightDecay;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();

    public Sgd(float momentum, float weightDecay, NDManager stateManager) {
        super(stateManager);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(String name, NDArray w, NDArray g, float lr, float scale, NDManager scratch) {
        NDArray update = g;
        if (scale != 1f) {
            update = g.mul(scale);
            update.attach(scratch);
        }
        if (weightDecay > 0 && w.getShape().dimension() >= 2) {
            NDArray decay = w.mul(weightDecay);
            decay.attach(scratch);
            update = update.add(decay);
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
    @Override
    public Map<String, NDArray> state() {
        return velocity;
    }

    /** Restores momentum buffers saved by {@link #state()}, copied into memory of this optimizer's own ({@link #ownCopy}). */
    @Override
    public void restore(Map<String, NDArray> state) {
        velocity.clear();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            velocity.put(e.getKey(), ownCopy(e.getValue()));
        }
    }
}
