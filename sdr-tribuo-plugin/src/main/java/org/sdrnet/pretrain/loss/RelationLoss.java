package org.sdrnet.pretrain.loss;

import ai.djl.ndarray.NDArray;
import org.sdrnet.nn.Layers;

/**
 * TEC's relation loss (Gao et al., "Towards Sustainable Self-supervised Learning", 2022): the cross-entropy between the
 * base's attention rows softened by a temperature, {@code softmax(target/τ)}, and the student's predicted rows,
 * {@code log_softmax(pred)}, over the keys (last axis), averaged over every other axis (images, heads, rows). A pure
 * function over arrays of logits {@code [..., keys]}.
 */
public final class RelationLoss {
    private RelationLoss() {
    }

    /**
     * {@code mean(−Σ_keys softmax(target/τ) · log_softmax(pred))}. The target gets no gradient. Its minimum over
     * {@code pred} is the entropy of the softened target, reached when {@code pred} equals {@code target/τ} up to a
     * constant per row.
     *
     * @param pred   predicted logits, same shape as {@code target}
     * @param target target logits (pre-softmax)
     * @param tau    temperature, positive
     */
    public static NDArray loss(NDArray pred, NDArray target, float tau) {
        if (!(tau > 0)) {
            throw new IllegalArgumentException("the relation loss needs a positive temperature, got " + tau);
        }
        if (!pred.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("relation logits " + pred.getShape() + " and target " + target.getShape() + " differ in shape");
        }
        NDArray soft = Layers.scaled(target.stopGradient(), 1f / tau).softmax(-1);
        NDArray perRow = soft.mul(pred.logSoftmax(-1)).sum(new int[] {-1});
        return perRow.mean().neg();
    }
}
