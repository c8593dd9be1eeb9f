package org.sdrnet.route;

import org.sdrnet.pretrain.sdr.ClusterTree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Routing's cheap prior (METHODS.md §1 item 7a): each training image of the task votes for the leaf of the cluster
 * tree its level-0 feature falls into ({@link ClusterTree#path(float[])}), and the M most-voted non-empty leaves are
 * shortlisted. The idea of SDR (Liu et al., AAAI 2022) is that the sub-net trained on the pool images most like the
 * task's is the likeliest to transfer well, so only a few sub-nets need the costlier score.
 */
final class LeafPrior {
    private final int[] votes;
    private final int[] poolSizes;

    private LeafPrior(int[] votes, int[] poolSizes) {
        this.votes = votes;
        this.poolSizes = poolSizes;
    }

    /** Counts the votes of {@code level0Features} (one row per training image) over the leaves of {@code tree}. */
    static LeafPrior of(ClusterTree tree, float[][] level0Features) {
        int[] votes = new int[tree.numLeaves()];
        for (float[] row : level0Features) {
            votes[tree.leafIdOf(row)]++;
        }
        return new LeafPrior(votes, tree.leafSizes());
    }

    /** Votes of leaf {@code leafId}. */
    int votes(int leafId) {
        return votes[leafId];
    }

    /** Pool images the leaf's sub-net was trained on. */
    int poolImages(int leafId) {
        return poolSizes[leafId];
    }

    /** Leaves with at least one pool image. */
    int nonEmptyLeaves() {
        int n = 0;
        for (int s : poolSizes) {
            if (s > 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The leaf ids to score: non-empty leaves by votes, most first, ties by the lower leaf id; the first {@code m} of
     * them, or all when {@code m ≤ 0} or {@code m} ≥ their number. Leaves without votes fill the list when fewer than
     * {@code m} leaves got any, so the shortlist size is always honoured.
     */
    List<Integer> shortlist(int m) {
        List<Integer> leaves = new ArrayList<>();
        for (int id = 0; id < poolSizes.length; id++) {
            if (poolSizes[id] > 0) {
                leaves.add(id);
            }
        }
        leaves.sort(Comparator.<Integer>comparingInt(id -> -votes[id]).thenComparingInt(id -> id));
        return m <= 0 || m >= leaves.size() ? leaves : List.copyOf(leaves.subList(0, m));
    }
}
