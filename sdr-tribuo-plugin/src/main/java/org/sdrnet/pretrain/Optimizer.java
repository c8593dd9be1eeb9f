package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A first-order optimizer of the shared {@link TrainingLoop} with its state in named arrays, so a checkpoint saves and
 * restores it exactly (DJL's optimizers keep their state private). This class owns what every update rule shares: the
 * global gradient norm, skipping a step with non-finite gradients, clipping, learning-rate factors and parameters a
 * step did not use; a subclass supplies the update of one parameter ({@link Sgd}, {@link AdamW}).
 */
public abstract class Optimizer {
    /** Owns the state arrays; scratch managers of each step are its children. */
    protected final NDManager stateManager;

    protected Optimizer(NDManager stateManager) {
        this.stateManager = stateManager;
    }

    /**
     * Applies one update with learning rate {@code lr} to every trainable parameter, then zeroes the gradients.
     * When any gradient holds a NaN or an infinity, nothing is updated (the gradients are still zeroed) and the
     * returned norm is not finite: one bad batch must not poison the weights. When {@code maxNorm > 0} and the global
     * L2 norm of the gradients exceeds it, the gradients are scaled down to that norm before the update (clipping).
     * Every temporary array belongs to a scratch manager closed at the end, so a long run holds no more native memory
     * than its first step.
     *
     * @return the global L2 norm of the gradients before clipping (not finite when the step was skipped)
     */
    public float step(Map<String, Parameter> parameters, float lr, float maxNorm) {
        return step(parameters, lr, maxNorm, Map.of());
    }

    /**
     * {@link #step(Map, float, float)} with a learning-rate factor per parameter name ({@code lrFactors}; absent = 1),
     * applied to the update after clipping: the clipping norm is the gradients' own.
     */
    public float step(Map<String, Parameter> parameters, float lr, float maxNorm, Map<String, Float> lrFactors) {
        return step(parameters, lr, maxNorm, lrFactors, Set.of());
    }

    /**
     * {@link #step(Map, float, float, Map)} for a step that did not use the parameters named in {@code inactive}: they
     * are treated as having no gradient (PyTorch's {@code grad is None}), so neither they nor their momentum buffers
     * change, and their (zero) gradients count nowhere. Without this, momentum alone would keep moving a parameter in
     * steps that never touched it (the BatchNorm of a slimmable width that did not run; weight decay does not apply to
     * those one-dimensional parameters anyway).
     */
    public float step(Map<String, Parameter> parameters, float lr, float maxNorm, Map<String, Float> lrFactors,
                      Set<String> inactive) {
        try (NDManager scratch = stateManager.newSubManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            NDArray total = null;
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                if (!e.getValue().requiresGradient()) {
                    continue;
                }
                if (inactive.contains(e.getKey())) {
                    // unused this step: its gradient is zero; leave it zero and the weight and momentum as they are
                    zeroGradient(e.getValue().getArray());
                    continue;
                }
                // the gradient handle stays with its parameter: closing it early corrupted native memory (a crash in
                // SdrMethodTest); only the arrays computed from it belong to the scratch manager
                NDArray g = e.getValue().getArray().getGradient();
                grads.put(e.getKey(), g);
                NDArray sq = g.square();
                sq.attach(scratch);
                NDArray s = sq.sum();
                s.attach(scratch);
                total = total == null ? s : total.add(s);
            }
            if (total == null) {
                return 0f;
            }
            float norm = (float) Math.sqrt(total.getFloat());
            boolean finite = Float.isFinite(norm);
            float scale = finite && maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1f;
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                NDArray g = e.getValue();
                if (finite) {
                    update(e.getKey(), parameters.get(e.getKey()).getArray(), g, lr * lrFactors.getOrDefault(e.getKey(), 1f), scale, scratch);
                    g.muli(0);
                } else {
                    zeroNonFinite(parameters.get(e.getKey()).getArray(), g);
                }
            }
            return norm;
        }
    }

    /**
     * Updates weight {@code w} in place from its gradient {@code g} (not yet clipped: multiply by {@code scale}) with
     * learning rate {@code lr}. Temporary arrays belong to {@code scratch}; state arrays to {@link #stateManager}.
     */
    protected abstract void update(String name, NDArray w, NDArray g, float lr, float scale, NDManager scratch);

    /** The state arrays by name (for checkpoints). */
    public abstract Map<String, NDArray> state();

    /** Restores state saved by {@link #state()} into memory of this optimizer's own, on its device. */
    public abstract void restore(Map<String, NDArray> state);

    /**
     * A copy of {@code a} on this optimizer's device in memory of its own. Not {@code toDevice(device, true)}: on the same
     * device DJL returns a tensor sharing the source's storage, and a source read from a checkpoint lives in a Java buffer
     * that is freed once its manager closes and the GC runs (resumed runs diverged or crashed).
     */
    protected NDArray ownCopy(NDArray a) {
        NDArray v = a.toDevice(stateManager.getDevice(), false).duplicate();
        v.attach(stateManager);
        return v;
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

    /** Zeroes the gradient of {@code weight} in place (the engine's own zero where there is one, see above). */
    private static void zeroGradient(NDArray weight) {
        if (weight instanceof ai.djl.pytorch.engine.PtNDArray pt) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad(pt);
        } else {
            weight.getGradient().muli(0);
        }
    }
}
