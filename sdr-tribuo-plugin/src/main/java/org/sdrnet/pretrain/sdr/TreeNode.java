package org.sdrnet.pretrain.sdr;

import java.util.Arrays;

/**
 * One internal node of a {@link ClusterTree} (depth 0 … L−1) with what its children need: their member counts
 * and the centroids that route a feature to one of them. Only the tree and its builder and codec see this
 * class; it trusts them not to change the arrays it is given.
 */
final class TreeNode {
    /** The group chosen at each level above this node; empty for the root. */
    final int[] path;
    /** Number of training rows that reached this node. */
    final int size;
    /** True when k-means ran here; false when the node was too small and all rows went to child 0. */
    final boolean split;
    /** Members per child slot (length G); 0 marks an empty slot, which routing never enters. */
    final int[] childSizes;
    /**
     * Routing centroid per child slot (length G, unit-sphere coordinates). A split node keeps k-means centroids
     * for every slot, including emptied ones (for inspection); an unsplit node has the members' mean in slot 0
     * and null elsewhere.
     */
    final float[][] childCentroids;
    /** childSizes > 0, precomputed for routing. */
    final boolean[] nonEmpty;

    TreeNode(int[] path, int size, boolean split, int[] childSizes, float[][] childCentroids) {
        this.path = path;
        this.size = size;
        this.split = split;
        this.childSizes = childSizes;
        this.childCentroids = childCentroids;
        this.nonEmpty = new boolean[childSizes.length];
        for (int g = 0; g < childSizes.length; g++) {
            nonEmpty[g] = childSizes[g] > 0;
        }
    }

    int depth() {
        return path.length;
    }

    /** The non-empty child whose centroid is nearest to the unit vector {@code x}. */
    int route(float[] x) {
        return UnitRows.nearest(childCentroids, nonEmpty, x);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeNode n && size == n.size && split == n.split && Arrays.equals(path, n.path)
                && Arrays.equals(childSizes, n.childSizes) && Arrays.deepEquals(childCentroids, n.childCentroids);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(path) + size) + Arrays.deepHashCode(childCentroids);
    }
}
