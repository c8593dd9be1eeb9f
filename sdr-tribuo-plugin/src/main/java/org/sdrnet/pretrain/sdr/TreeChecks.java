package org.sdrnet.pretrain.sdr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Indexes the nodes of a {@link ClusterTree} and checks that they form one consistent tree: every structural
 * promise the tree makes (sizes add up, every non-empty child exists, the minimum-size guard holds, routing
 * centroids exist and are finite, the rows' leaves agree with the leaf sizes). Run on every tree, built or read,
 * so a damaged file can never yield a tree that routes or trains wrongly.
 */
final class TreeChecks {
    private TreeChecks() {
    }

    /** Nodes by depth (keyed by prefix id) and training rows per leaf id. */
    record Index(List<Map<Integer, TreeNode>> byDepth, int[] leafSizes) {
    }

    static Index index(TreeSettings s, int dimension, Collection<TreeNode> nodes, int[] rowLeafIds) {
        int g = s.branching();
        int depth = s.depth();
        if (dimension < 1) {
            throw new IllegalArgumentException("feature dimension must be positive, got " + dimension);
        }
        if (nodes == null || rowLeafIds == null) {
            throw new IllegalArgumentException("the tree has no " + (nodes == null ? "nodes" : "row assignments"));
        }
        if (rowLeafIds.length == 0) {
            throw new IllegalArgumentException("the tree has no training rows");
        }
        List<Map<Integer, TreeNode>> byDepth = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            byDepth.add(new HashMap<>());
        }
        for (TreeNode n : nodes) {
            String where = "node " + (n == null || n.path == null ? "?" : Arrays.toString(n.path));
            if (n == null || n.path == null || n.childSizes == null || n.childCentroids == null) {
                throw new IllegalArgumentException(where + " is incomplete");
            }
            if (n.path.length >= depth) {
                throw new IllegalArgumentException(where + " is deeper than the tree's internal levels (depth " + depth + ")");
            }
            int id = 0;
            for (int c : n.path) {
                if (c < 0 || c >= g) {
                    throw new IllegalArgumentException(where + " has a group outside [0, " + g + ")");
                }
                id = id * g + c;
            }
            if (n.childSizes.length != g || n.childCentroids.length != g) {
                throw new IllegalArgumentException(where + " has " + n.childSizes.length + " child sizes and "
                        + n.childCentroids.length + " child centroids; branching is " + g);
            }
            checkChildren(s, dimension, n, where);
            if (byDepth.get(n.path.length).put(id, n) != null) {
                throw new IllegalArgumentException(where + " appears twice");
            }
        }
        TreeNode root = byDepth.get(0).get(0);
        if (root == null || root.size != rowLeafIds.length) {
            throw new IllegalArgumentException("the root " + (root == null ? "is missing" : "holds " + root.size
                    + " rows") + " but the tree assigns " + rowLeafIds.length + " rows");
        }
        // every non-empty child of an internal node above the last level is itself a node, of the same size
        for (int l = 0; l + 1 < depth; l++) {
            int expected = 0;
            for (Map.Entry<Integer, TreeNode> e : byDepth.get(l).entrySet()) {
                for (int c = 0; c < g; c++) {
                    int childSize = e.getValue().childSizes[c];
                    if (childSize == 0) {
                        continue;
                    }
                    expected++;
                    TreeNode child = byDepth.get(l + 1).get(e.getKey() * g + c);
                    if (child == null || child.size != childSize) {
                        throw new IllegalArgumentException("node " + Arrays.toString(e.getValue().path) + " sends "
                                + childSize + " rows to child " + c + " but that node "
                                + (child == null ? "is missing" : "holds " + child.size));
                    }
                }
            }
            if (byDepth.get(l + 1).size() != expected) {
                throw new IllegalArgumentException("level " + (l + 1) + " has nodes that no parent sends rows to");
            }
        }
        int[] leafSizes = new int[s.numLeaves()];
        for (int i = 0; i < rowLeafIds.length; i++) {
            int leaf = rowLeafIds[i];
            if (leaf < 0 || leaf >= leafSizes.length) {
                throw new IllegalArgumentException("row " + i + " has leaf id " + leaf + " outside [0, " + leafSizes.length + ")");
            }
            leafSizes[leaf]++;
        }
        for (int leaf = 0; leaf < leafSizes.length; leaf++) {
            TreeNode parent = byDepth.get(depth - 1).get(leaf / g);
            int fromTree = parent == null ? 0 : parent.childSizes[leaf % g];
            if (fromTree != leafSizes[leaf]) {
                throw new IllegalArgumentException("leaf " + leaf + " holds " + fromTree + " rows in the tree but "
                        + leafSizes[leaf] + " rows are assigned to it");
            }
        }
        return new Index(byDepth, leafSizes);
    }

    private static void checkChildren(TreeSettings s, int dimension, TreeNode n, String where) {
        long sum = 0;
        for (int c = 0; c < n.childSizes.length; c++) {
            int size = n.childSizes[c];
            if (size < 0) {
                throw new IllegalArgumentException(where + " has a negative child size");
            }
            sum += size;
            float[] centroid = n.childCentroids[c];
            if (size > 0 && centroid == null) {
                throw new IllegalArgumentException(where + " has no centroid for its non-empty child " + c);
            }
            if (centroid != null) {
                if (centroid.length != dimension) {
                    throw new IllegalArgumentException(where + " has a child centroid of dimension " + centroid.length
                            + "; the tree's features have " + dimension);
                }
                for (float v : centroid) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException(where + " has a non-finite centroid value");
                    }
                }
            }
            if (n.split && size > 0 && size < s.minClusterSize()) {
                throw new IllegalArgumentException(where + " has a child of " + size
                        + " rows, below the minimum cluster size " + s.minClusterSize());
            }
            if (!n.split && c > 0 && size > 0) {
                throw new IllegalArgumentException(where + " was not split but sends rows to child " + c);
            }
        }
        if (n.size <= 0 || sum != n.size) {
            throw new IllegalArgumentException(where + " holds " + n.size + " rows but its children hold " + sum);
        }
    }
}
