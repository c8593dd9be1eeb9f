package org.sdrnet.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * Pure loss functions of the Siamese methods, over arrays of shape {@code [batch, dim]}. They wire no
 * views, heads or teachers: methods do that. Tests check them against closed-form values.
 */
public final class SiameseLosses {
    private static final float EPS = 1e-8f;

    private SiameseLosses() {
    }

    /** Row-wise L2 normalisation. */
    public static NDArray l2Normalize(NDArray x) {
        return x.div(x.norm(new int[] {1}, true).add(EPS));
    }

    /**
     * D(p, z) = −mean over rows of cos(p, sg(z)): the negative cosine similarity with a stop-gradient on the
     * target (SimSiam eq. 1). Identical directions give −1, orthogonal 0, opposite +1.
     */
    public static NDArray negativeCosine(NDArray p, NDArray z) {
        NDArray target = l2Normalize(z.stopGradient());
        return l2Normalize(p).mul(target).sum(new int[] {1}).mean().neg();
    }

    /** SimSiam's symmetric loss ½D(p1, z2) + ½D(p2, z1). Identical views give −1. */
    public static NDArray simSiam(NDArray p1, NDArray p2, NDArray z1, NDArray z2) {
        return scaled(negativeCosine(p1, z2).add(negativeCosine(p2, z1)), 0.5f);
    }

    /**
     * {@code s·x} for a loss term that will be back-propagated. Not {@code x.mul(s)}: DJL makes the scalar a tensor over
     * a Java buffer and closes it right after the product, while autograd keeps that tensor for the backward pass;
     * once the GC frees the buffer, the gradient is scaled by whatever the memory holds (SDR runs were no longer
     * reproducible under GC pressure). Here the scalar belongs to {@code x}'s manager, which outlives the backward pass.
     */
    public static NDArray scaled(NDArray x, float s) {
        return org.sdrnet.nn.Layers.scaled(x, s);
    }

    /**
     * The collapse monitor of SimSiam §4.1: the mean over dimensions of the per-dimension standard deviation
     * of the L2-normalised outputs. Near 1/√d for healthy outputs, near 0 when the outputs collapse to a constant.
     */
    public static NDArray normalizedStd(NDArray z) {
        NDArray n = l2Normalize(z.stopGradient());
        NDArray centred = n.sub(n.mean(new int[] {0}, true));
        return centred.square().mean(new int[] {0}).sqrt().mean();
    }
}
