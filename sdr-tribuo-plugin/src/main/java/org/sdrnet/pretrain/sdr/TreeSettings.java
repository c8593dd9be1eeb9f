package org.sdrnet.pretrain.sdr;

/**
 * How the SDR cluster tree is built (METHODS.md §1 item 2, after Liu et al., AAAI 2022): hierarchical k-means
 * with {@code branching} (G) children per node over {@code depth} (L) levels, so a leaf is a path
 * (g_1 … g_L) and there are at most G^L leaves.
 *
 * @param branching      G, children per node (k of each k-means); at least 2
 * @param depth          L, number of levels (one per SDRnet stage); at least 1
 * @param minClusterSize the smallest non-empty cluster a split may leave behind; a node is only split when it
 *                       has at least G × minClusterSize members <b>[our choice, default 16]</b>
 * @param iterations     maximum Lloyd iterations of each k-means <b>[our choice, default 50]</b>
 * @param seed           run seed; each node's k-means seed is derived from it and the node's path
 * @param restarts       k-means runs per node from different k-means++ seeds; the one with the least within-cluster
 *                       sum of squares is kept <b>[our choice, default 5]</b>. One run can stop in a poor local
 *                       optimum: on level-0 features of the small pool, 3 of 12 seeds merged MNIST, Fashion-MNIST and
 *                       glyphs into one level-1 cluster (sum of squares 990 vs 813 for the best)
 */
public record TreeSettings(int branching, int depth, int minClusterSize, int iterations, long seed, int restarts) {

    /** The paper's configuration: G = 4, L = 4, i.e. up to 256 sub-nets. */
    public static final int DEFAULT_BRANCHING = 4;
    public static final int DEFAULT_DEPTH = 4;
    public static final int DEFAULT_MIN_CLUSTER_SIZE = 16;
    public static final int DEFAULT_ITERATIONS = 50;
    public static final int DEFAULT_RESTARTS = 5;
    /** Leaf ids are ints and {@link ClusterTree#leafSizes()} is dense: keep G^L within this bound. */
    public static final int MAX_LEAVES = 1 << 20;

    public TreeSettings {
        if (branching < 2) {
            throw new IllegalArgumentException("cluster tree branching must be at least 2, got " + branching);
        }
        if (depth < 1) {
            throw new IllegalArgumentException("cluster tree depth must be at least 1, got " + depth);
        }
        if (minClusterSize < 1) {
            throw new IllegalArgumentException("cluster tree minClusterSize must be at least 1, got " + minClusterSize);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("cluster tree k-means iterations must be at least 1, got " + iterations);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("cluster tree k-means restarts must be at least 1, got " + restarts);
        }
        if (Math.pow(branching, depth) > MAX_LEAVES) {
            throw new IllegalArgumentException("cluster tree with branching " + branching + " and depth " + depth
                    + " would have more than " + MAX_LEAVES + " leaves");
        }
    }

    /** Settings with the default number of k-means restarts. */
    public TreeSettings(int branching, int depth, int minClusterSize, int iterations, long seed) {
        this(branching, depth, minClusterSize, iterations, seed, DEFAULT_RESTARTS);
    }

    /** The defaults (G = 4, L = 4, minimum cluster size 16, 50 iterations, 5 restarts) with the given seed. */
    public static TreeSettings defaults(long seed) {
        return new TreeSettings(DEFAULT_BRANCHING, DEFAULT_DEPTH, DEFAULT_MIN_CLUSTER_SIZE, DEFAULT_ITERATIONS, seed, DEFAULT_RESTARTS);
    }

    /** The number of leaf slots, G^L (empty ones included). */
    public int numLeaves() {
        int n = 1;
        for (int l = 0; l < depth; l++) {
            n *= branching;
        }
        return n;
    }

    public TreeSettings withBranching(int g) {
        return new TreeSettings(g, depth, minClusterSize, iterations, seed, restarts);
    }

    public TreeSettings withDepth(int l) {
        return new TreeSettings(branching, l, minClusterSize, iterations, seed, restarts);
    }

    public TreeSettings withMinClusterSize(int m) {
        return new TreeSettings(branching, depth, m, iterations, seed, restarts);
    }

    public TreeSettings withIterations(int i) {
        return new TreeSettings(branching, depth, minClusterSize, i, seed, restarts);
    }

    public TreeSettings withRestarts(int r) {
        return new TreeSettings(branching, depth, minClusterSize, iterations, seed, r);
    }

    public TreeSettings withSeed(long s) {
        return new TreeSettings(branching, depth, minClusterSize, iterations, s, restarts);
    }
}
