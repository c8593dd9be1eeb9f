package org.sdrnet.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * The reconstruction loss of MAE (He et al., "Masked Autoencoders Are Scalable Vision Learners", CVPR 2022): the mean
 * squared error between predicted and target pixels of each patch, averaged over the <em>masked</em> patches only, with
 * the target optionally normalised per patch (the paper's "normalized pixels"). Pure functions over arrays of patches
 * {@code [batch, patches, values]}.
 */
public final class MaskedPatchLoss {
    /** Added to each patch's variance before the square root, as in the MAE paper's reference setting. */
    public static final float NORM_EPS = 1e-6f;

    private MaskedPatchLoss() {
    }

    /**
     * Each patch minus its mean, divided by √(variance + {@value #NORM_EPS}), over its own values. The variance is the
     * population variance (divided by the number of values) [our choice].
     */
    public static NDArray normalizePatches(NDArray patches) {
        NDArray mean = patches.mean(new int[] {2}, true);
        NDArray centred = patches.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true);
        return centred.div(var.add(var.getManager().create(NORM_EPS)).sqrt());
    }

    /**
     * {@code Σ mask·mean_v (pred − target)² / Σ mask}: the per-patch MSE averaged over patches whose mask is 1. Patches
     * with mask 0 (the visible ones) contribute nothing, neither to the value nor to the gradient. The target gets no
     * gradient.
     *
     * @param pred   predictions [B, N, V]
     * @param target targets [B, N, V]
     * @param mask   [B, N]: 1 for a masked patch, 0 for a visible one; at least one 1
     */
    public static NDArray loss(NDArray pred, NDArray target, NDArray mask) {
        NDArray perPatch = pred.sub(target.stopGradient()).square().mean(new int[] {2});
        return perPatch.mul(mask).sum().div(mask.sum());
    }
}
