package org.sdrnet.pretrain.mae;

import org.sdrnet.data.Sampling;

import java.util.Arrays;

/**
 * MAE's random masking (He et al. 2022, §3): per image, a uniformly random subset of the patches stays visible and the
 * rest is masked, at a fixed ratio. Host-side and counter-seeded: the mask of an image is a function of the step seed
 * and the image's index in the pool only, so a resumed run masks exactly what the uninterrupted run masked.
 *
 * @param patches patches per image
 * @param visible patches kept visible per image: {@code ⌊patches·(1 − ratio)⌋}, at least 1 and at most patches − 1
 */
public record RandomMasking(int patches, int visible) {

    public RandomMasking {
        if (patches < 2 || visible < 1 || visible >= patches) {
            throw new IllegalArgumentException("masking needs 1 ≤ visible < patches, got " + visible + " of " + patches);
        }
    }

    /** The masking of {@code patches} patches at {@code ratio} (fraction masked, in (0, 1)). */
    public static RandomMasking of(int patches, double ratio) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("mask ratio must be in (0, 1), got " + ratio);
        }
        int visible = (int) Math.floor(patches * (1 - ratio) + 1e-9);
        if (visible < 1 || visible >= patches) {
            throw new IllegalArgumentException("mask ratio " + ratio + " leaves " + visible + " of " + patches
                    + " patches visible; at least one must be visible and one masked");
        }
        return new RandomMasking(patches, visible);
    }

    public int masked() {
        return patches - visible;
    }

    /**
     * The masks of one batch.
     *
     * @param keep    per image, the visible patch indices in increasing order [B][visible]
     * @param order   per image, the visible patches then the masked ones, each in increasing order [B][patches]
     * @param restore per image, the position in {@code order} of each patch: {@code order[restore[n]] = n}
     * @param mask    [B·patches] row-major: 1 for a masked patch, 0 for a visible one
     */
    public record Batch(int[][] keep, int[][] order, int[][] restore, float[] mask) {
        public int size() {
            return keep.length;
        }

        /** Row indices of the visible patches into a [B·N, ·] flattening, image by image. */
        public long[] keepRows() {
            int n = order[0].length;
            long[] rows = new long[keep.length * keep[0].length];
            int r = 0;
            for (int b = 0; b < keep.length; b++) {
                for (int k : keep[b]) {
                    rows[r++] = (long) b * n + k;
                }
            }
            return rows;
        }

        /** Row indices that put a [B·N, ·] flattening in {@code order} back into patch order. */
        public long[] restoreRows() {
            int n = order[0].length;
            long[] rows = new long[restore.length * n];
            for (int b = 0; b < restore.length; b++) {
                for (int i = 0; i < n; i++) {
                    rows[b * n + i] = (long) b * n + restore[b][i];
                }
            }
            return rows;
        }
    }

    /** The masks of the images {@code indices} (pool indices) in the step whose seed is {@code stepSeed}. */
    public Batch sample(int[] indices, long stepSeed) {
        int[][] keep = new int[indices.length][];
        int[][] order = new int[indices.length][];
        int[][] restore = new int[indices.length][patches];
        float[] mask = new float[indices.length * patches];
        for (int b = 0; b < indices.length; b++) {
            int[] perm = Sampling.permutation(patches, Sampling.mix(stepSeed, indices[b]));
            int[] kept = Arrays.copyOf(perm, visible);
            int[] hidden = Arrays.copyOfRange(perm, visible, patches);
            Arrays.sort(kept);
            Arrays.sort(hidden);
            keep[b] = kept;
            order[b] = new int[patches];
            System.arraycopy(kept, 0, order[b], 0, visible);
            System.arraycopy(hidden, 0, order[b], visible, patches - visible);
            for (int i = 0; i < patches; i++) {
                restore[b][order[b][i]] = i;
            }
            for (int h : hidden) {
                mask[b * patches + h] = 1f;
            }
        }
        return new Batch(keep, order, restore, mask);
    }
}
