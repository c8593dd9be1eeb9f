package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), the
 * optimiser of ViT and MAE pretraining. Per parameter, at its t-th update with gradient g and learning rate η:
 * <pre>
 *   w ← w − η·λ·w                      (only weights with ≥ 2 dimensions, as in {@link Sgd})
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   w ← w − η · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * State: {@code m.<name>}, {@code v.<name>} and the update count {@code t.<name>} (a one-element array), so a parameter a
 * step did not use keeps its own count, as in PyTorch's AdamW.
 */
public final class AdamW extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Long> count = new LinkedHashMap<>();
    private final Map<String, NDArray> countArrays = new LinkedHashMap<>();

    public AdamW(float beta1, float beta2, float eps, float weightDecay, NDManager stateManager) {
        super(stateManager);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs β1, β2 in [0, 1), ε > 0 and weight decay ≥ 0, got " + beta1 + ", "
                    + beta2 + ", " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(String name, NDArray w, NDArray g, float lr, float scale, NDManager scratch) {
        NDArray grad = scale != 1f ? scratch(g.mul(scale), scratch) : g;
        if (weightDecay > 0 && w.getShape().dimension() >= 2) {
            w.subi(scratch(w.mul(lr * weightDecay), scratch));
        }
        NDArray m = first.get(name);
        NDArray v = second.get(name);
        if (m == null) {
            m = grad.zerosLike();
            m.attach(stateManager);
            first.put(name, m);
            v = grad.zerosLike();
            v.attach(stateManager);
            second.put(name, v);
        }
        long t = count.merge(name, 1L, Long::sum);
        m.muli(beta1).addi(scratch(grad.mul(1 - beta1), scratch));
        v.muli(beta2).addi(scratch(scratch(grad.square(), scratch).mul(1 - beta2), scratch));
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        NDArray denom = scratch(scratch(scratch(v.div((float) c2), scratch).sqrt(), scratch).add(eps), scratch);
        w.subi(scratch(scratch(m.mul((float) (lr / c1)), scratch).div(denom), scratch));
    }

    /** {@code a}, a temporary of this update, handed to the step's scratch manager. */
    private static NDArray scratch(NDArray a, NDManager scratch) {
        a.attach(scratch);
        return a;
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        for (String name : first.keySet()) {
            s.put("m." + name, first.get(name));
            s.put("v." + name, second.get(name));
            s.put("t." + name, counter(name));
        }
        return s;
    }

    /** The update count of {@code name} as a one-element array of the state manager (the previous one is freed). */
    private NDArray counter(String name) {
        NDArray old = countArrays.remove(name);
        if (old != null) {
            old.close();
        }
        NDArray t = stateManager.create(new float[] {count.get(name)});
        countArrays.put(name, t);
        return t;
    }

    /** Restores state saved by {@link #state()}, copied into memory of this optimizer's own ({@link #ownCopy}). */
    @Override
    public void restore(Map<String, NDArray> state) {
        first.clear();
        second.clear();
        count.clear();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("m.")) {
                first.put(k.substring(2), ownCopy(e.getValue()));
            } else if (k.startsWith("v.")) {
                second.put(k.substring(2), ownCopy(e.getValue()));
            } else if (k.startsWith("t.")) {
                count.put(k.substring(2), (long) e.getValue().toFloatArray()[0]);
            } else {
                throw new IllegalArgumentException("AdamW state has an unexpected entry '" + k + "' (an SGD checkpoint?)");
            }
        }
        if (!first.keySet().equals(second.keySet()) || !first.keySet().equals(count.keySet())) {
            throw new IllegalArgumentException("AdamW state is incomplete: moments for " + first.keySet() + ", "
                    + second.keySet() + ", counts for " + count.keySet());
        }
    }
}
