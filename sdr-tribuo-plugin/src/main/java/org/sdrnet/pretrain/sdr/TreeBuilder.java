package org.sdrnet.pretrain.sdr;

import org.sdrnet.data.Sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Grows a {@link ClusterTree} top-down: at each node, k-means with G centroids when the node is large enough,
 * then the minimum-size guard, then the same for every non-empty child until depth L.
 * <p>
 * The guard <b>[our choice]</b>: while some remaining child cluster has fewer than {@code minClusterSize} members,
 * the smallest such cluster is dropped (its slot stays in the path space, empty) and its members join the
 * remaining siblings, each the sibling whose centroid is nearest. Because every row ends at its nearest remaining
 * centroid, the stored training paths are exactly what {@link ClusterTree#path(float[])} computes.
 */
final class TreeBuilder {
    /** Separates the tree's seed stream from other uses of the run seed. */
    private static final long SEED_PURPOSE = 0x5D12_C1A5_7EEEL;

    private final float[][] rows;
    private final TreeSettings settings;
    private final int[] rowLeafIds;
    private final List<TreeNode> nodes = new ArrayList<>();

    private TreeBuilder(float[][] rows, TreeSettings settings) {
        this.rows = rows;
        this.settings = settings;
        this.rowLeafIds = new int[rows.length];
    }

    static ClusterTree build(float[][] features, TreeSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("cluster tree settings are missing");
        }
        float[][] unit = UnitRows.normalise(features);
        TreeBuilder b = new TreeBuilder(unit, settings);
        int[] all = new int[unit.length];
        Arrays.setAll(all, i -> i);
        b.grow(new int[0], all, 0);
        return new ClusterTree(settings, unit[0].length, b.nodes, b.rowLeafIds);
    }

    /** Builds the subtree at {@code path} (prefix id {@code id}) over {@code members}. */
    private void grow(int[] path, int[] members, int id) {
        int g = settings.branching();
        if (path.length == settings.depth()) {
            for (int m : members) {
                rowLeafIds[m] = id;
            }
            return;
        }
        float[][] centroids;
        int[] assignment;
        boolean split = members.length >= (long) g * settings.minClusterSize() && hasDistinctRows(members, g);
        if (split) {
            centroids = NodeKMeans.bestOf(rows, members, g, settings.iterations(), settings.restarts(), nodeSeed(path));
            assignment = guardedAssignment(centroids, members);
        } else {
            centroids = new float[g][];
            centroids[0] = UnitRows.mean(rows, members);
            assignment = new int[members.length];
        }
        int[] childSizes = new int[g];
        for (int a : assignment) {
            childSizes[a]++;
        }
        nodes.add(new TreeNode(path, members.length, split, childSizes, centroids));
        for (int c = 0; c < g; c++) {
            if (childSizes[c] == 0) {
                continue;
            }
            int[] child = new int[childSizes[c]];
            int k = 0;
            for (int i = 0; i < members.length; i++) {
                if (assignment[i] == c) {
                    child[k++] = members[i];
                }
            }
            int[] childPath = Arrays.copyOf(path, path.length + 1);
            childPath[path.length] = c;
            grow(childPath, child, id * g + c);
        }
    }

    /**
     * Assigns members to their nearest centroid, dropping undersized clusters one at a time (smallest first,
     * ties to the lowest slot) until every remaining cluster has at least minClusterSize members. Terminates with
     * at least one cluster: the node has at least G × minClusterSize members, so the largest cluster is never
     * undersized.
     */
    private int[] guardedAssignment(float[][] centroids, int[] members) {
        int g = centroids.length;
        boolean[] active = new boolean[g];
        Arrays.fill(active, true);
        while (true) {
            int[] assignment = new int[members.length];
            int[] sizes = new int[g];
            for (int i = 0; i < members.length; i++) {
                assignment[i] = UnitRows.nearest(centroids, active, rows[members[i]]);
                sizes[assignment[i]]++;
            }
            int victim = -1;
            for (int c = 0; c < g; c++) {
                if (active[c] && sizes[c] < settings.minClusterSize() && (victim < 0 || sizes[c] < sizes[victim])) {
                    victim = c;
                }
            }
            if (victim < 0) {
                return assignment;
            }
            active[victim] = false;
        }
    }

    /** k-means++ needs G distinct points; identical rows cannot be split. */
    private boolean hasDistinctRows(int[] members, int g) {
        Set<RowKey> seen = new HashSet<>();
        for (int m : members) {
            seen.add(new RowKey(rows[m]));
            if (seen.size() >= g) {
                return true;
            }
        }
        return false;
    }

    private long nodeSeed(int[] path) {
        long[] counters = new long[path.length + 2];
        counters[0] = SEED_PURPOSE;
        counters[1] = path.length;
        for (int i = 0; i < path.length; i++) {
            counters[i + 2] = path[i];
        }
        return Sampling.mix(settings.seed(), counters);
    }

    /** Value equality for a row, to count distinct rows. */
    private record RowKey(float[] row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k && Arrays.equals(row, k.row);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(row);
        }
    }
}
