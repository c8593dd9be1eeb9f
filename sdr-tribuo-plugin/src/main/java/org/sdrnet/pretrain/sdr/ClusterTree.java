package org.sdrnet.pretrain.sdr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SDR cluster tree (Liu et al., "Task-customized Self-supervised Pre-training with Scalable Dynamic
 * Routing", AAAI 2022; METHODS.md §1 item 2): hierarchical k-means of the pool's L2-normalised level-0
 * features, with branching G over L levels. Each pool image gets a path (g_1 … g_L), g_l in [0, G): at stage l
 * of SDRnet it uses private group g_l, so the path names the sub-network that is trained on it.
 * <p>
 * Immutable. Built with {@link #build}, stored with {@link #write}/{@link #read} (JSON). Besides the training rows'
 * paths it keeps, for every non-empty internal node, its member count and the centroids of its children, so that
 * {@link #path(float[])} can route any new feature (for example a downstream task's image) to a leaf.
 * <p>
 * Conventions: levels are numbered 1 … L (level l is the l-th split and SDRnet stage l; level 0 is the root).
 * A path is an {@code int[L]} whose index l−1 holds g_l. The leaf id of a path is the base-G number
 * g_1 g_2 … g_L, i.e. {@code leafId = Σ_{l=1..L} g_l · G^(L−l)}, so leaf ids sort paths lexicographically and the
 * leaves under one level-l node are a contiguous range.
 */
public final class ClusterTree {
    private final TreeSettings settings;
    private final int dimension;
    /** Internal nodes by depth (0 … L−1), each map keyed by the node's prefix id. */
    private final List<Map<Integer, TreeNode>> byDepth;
    private final int[] rowLeafIds;
    private final int[] leafSizes;

    /** Assembles and checks a tree; any inconsistency is an IllegalArgumentException describing it. */
    ClusterTree(TreeSettings settings, int dimension, Collection<TreeNode> nodes, int[] rowLeafIds) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dimension = dimension;
        this.rowLeafIds = rowLeafIds;
        TreeChecks.Index index = TreeChecks.index(settings, dimension, nodes, rowLeafIds);
        this.byDepth = index.byDepth();
        this.leafSizes = index.leafSizes();
    }

    /**
     * Builds the tree from one feature row per pool image (for SDR: the level-0 model's features). Rows are
     * L2-normalised first; the result is a function of the features and the settings (seed included).
     *
     * @throws IllegalArgumentException on no rows, empty or ragged rows, or a non-finite value
     */
    public static ClusterTree build(float[][] features, TreeSettings settings) {
        return TreeBuilder.build(features, settings);
    }

    /** Reads a tree written by {@link #write}; a missing, truncated or foreign file is an error naming it. */
    public static ClusterTree read(Path file) {
        return ClusterTreeJson.read(file);
    }

    /** Writes this tree as JSON, atomically (a temporary file renamed into place). */
    public void write(Path file) {
        ClusterTreeJson.write(this, file);
    }

    // ---------------------------------------------------------------- assignment

    /**
     * The leaf of any feature vector of the tree's dimension: the vector is L2-normalised, then at each level the
     * nearest non-empty child centroid is taken. For a training row this equals its entry in {@link #paths()}.
     *
     * @throws IllegalArgumentException when the vector has the wrong length or a non-finite value
     */
    public int[] path(float[] feature) {
        if (feature == null || feature.length != dimension) {
            throw new IllegalArgumentException("cluster tree expects features of dimension " + dimension + ", got "
                    + (feature == null ? "none" : feature.length));
        }
        float[] x = UnitRows.normalise(feature, "feature to assign");
        int g = settings.branching();
        int[] path = new int[settings.depth()];
        int id = 0;
        for (int l = 0; l < path.length; l++) {
            TreeNode node = byDepth.get(l).get(id);
            path[l] = node.route(x);
            id = id * g + path[l];
        }
        return path;
    }

    /** The leaf id of any feature vector: {@code leafId(path(feature))}. */
    public int leafIdOf(float[] feature) {
        return leafId(path(feature));
    }

    /** The paths of the training rows as built, one {@code int[L]} per row, in row order (a copy). */
    public int[][] paths() {
        int[][] out = new int[rowLeafIds.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = leafPath(rowLeafIds[i]);
        }
        return out;
    }

    /** The training rows (in row order) whose path starts with {@code prefix}; every row for the empty prefix. */
    public int[] members(int... prefix) {
        checkPrefix(prefix);
        return java.util.stream.IntStream.range(0, rowLeafIds.length)
                .filter(i -> Arrays.equals(leafPath(rowLeafIds[i]), 0, prefix.length, prefix, 0, prefix.length))
                .toArray();
    }

    /**
     * The network path of every training row over {@code stages} stages: its tree path, and when the tree is shallower
     * than the network, the last tree level's group repeated for the remaining stages ({@link #networkPath}).
     */
    public int[][] networkPaths(int stages) {
        int[][] out = paths();
        for (int i = 0; i < out.length; i++) {
            out[i] = networkPath(out[i], stages);
        }
        return out;
    }

    /**
     * The SDRnet path (one group per stage) of a leaf's tree path: the tree path itself when the tree has one level
     * per stage, else the tree path followed by its last group for every remaining stage, so that a group index means
     * the same subset of the pool at every untied stage (SDR's {@code treeDepth} setting).
     */
    public int[] networkPath(int[] treePath, int stages) {
        checkPath(treePath);
        if (stages < treePath.length) {
            throw new IllegalArgumentException("a tree of " + treePath.length + " levels needs at least as many stages, got " + stages);
        }
        int[] out = Arrays.copyOf(treePath, stages);
        Arrays.fill(out, treePath.length, stages, treePath[treePath.length - 1]);
        return out;
    }

    /**
     * The tree path of an SDRnet path: the inverse of {@link #networkPath}. A path of the tree's own length is
     * returned as it is; a longer one must repeat the last tree group over its remaining stages (other sub-nets were
     * never trained in a shallow tree), else it is an error naming the path.
     */
    public int[] treePath(int[] networkPath) {
        if (networkPath.length == settings.depth()) {
            return networkPath.clone();
        }
        int[] tree = Arrays.copyOf(networkPath, Math.min(settings.depth(), networkPath.length));
        checkPath(tree);
        for (int s = tree.length; s < networkPath.length; s++) {
            if (networkPath[s] != tree[tree.length - 1]) {
                throw new IllegalArgumentException("path " + Arrays.toString(networkPath) + " was not trained: the cluster "
                        + "tree has " + tree.length + " level(s), so the stages after it use the group of its last level ("
                        + Arrays.toString(networkPath(tree, networkPath.length)) + ")");
            }
        }
        return tree;
    }

    /** The leaf ids of the training rows, in row order (a copy). */
    public int[] leafIds() {
        return rowLeafIds.clone();
    }

    /**
     * The level-{@code level} group g_level of every training row (1 ≤ level ≤ L). This is what data-aware
     * progressive training uses: at stage {@code level}, a sample runs private group g_level.
     */
    public int[] clusterAtLevel(int level) {
        checkLevel(level);
        int[] out = new int[rowLeafIds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = leafPath(rowLeafIds[i])[level - 1];
        }
        return out;
    }

    /**
     * The id of every training row's node at {@code level} (0 ≤ level ≤ L): the base-G number g_1 … g_level,
     * which distinguishes clusters with the same g_level under different parents.
     */
    public int[] nodeIdsAtLevel(int level) {
        if (level < 0 || level > settings.depth()) {
            throw new IllegalArgumentException("level must be in [0, " + settings.depth() + "], got " + level);
        }
        int div = 1;
        for (int l = level; l < settings.depth(); l++) {
            div *= settings.branching();
        }
        int[] out = new int[rowLeafIds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rowLeafIds[i] / div;
        }
        return out;
    }

    /** The label "g_1.g_2…g_level" of a node id from {@link #nodeIdsAtLevel}, e.g. {@code "2.0"}. */
    public String nodeLabel(int nodeId, int level) {
        int[] path = new int[level];
        for (int l = level - 1; l >= 0; l--) {
            path[l] = nodeId % settings.branching();
            nodeId /= settings.branching();
        }
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < level; l++) {
            sb.append(l == 0 ? "" : ".").append(path[l]);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- sizes

    /** Training rows per leaf, indexed by leaf id (length G^L; empty leaves are 0). */
    public int[] leafSizes() {
        return leafSizes.clone();
    }

    /** Training rows per non-empty leaf, keyed by path (as an immutable list), in leaf-id order. */
    public Map<List<Integer>, Integer> leafCounts() {
        Map<List<Integer>, Integer> out = new LinkedHashMap<>();
        for (int id = 0; id < leafSizes.length; id++) {
            if (leafSizes[id] > 0) {
                out.put(Arrays.stream(leafPath(id)).boxed().toList(), leafSizes[id]);
            }
        }
        return out;
    }

    /** How many leaves hold at least one training row. */
    public int numNonEmptyLeaves() {
        return (int) Arrays.stream(leafSizes).filter(s -> s > 0).count();
    }

    /**
     * Training rows under the node at {@code prefix} (length 0 … L; the empty prefix is the root, a full path a
     * leaf); 0 for an empty or absent node.
     */
    public int memberCount(int... prefix) {
        checkPrefix(prefix);
        if (prefix.length == 0) {
            return rowLeafIds.length;
        }
        TreeNode parent = node(Arrays.copyOf(prefix, prefix.length - 1));
        return parent == null ? 0 : parent.childSizes[prefix[prefix.length - 1]];
    }

    /**
     * The routing centroid of the node at {@code prefix} (length 1 … L), in the unit-normalised feature space; empty
     * when the node has none (a slot of a node that was too small to split, or under an empty node). Slots emptied
     * by the minimum-size guard keep their k-means centroid, though routing never uses it.
     */
    public Optional<float[]> centroid(int... prefix) {
        checkPrefix(prefix);
        if (prefix.length == 0) {
            throw new IllegalArgumentException("the root has no routing centroid; give a prefix of length 1 to "
                    + settings.depth());
        }
        TreeNode parent = node(Arrays.copyOf(prefix, prefix.length - 1));
        if (parent == null) {
            return Optional.empty();
        }
        float[] c = parent.childCentroids[prefix[prefix.length - 1]];
        return c == null ? Optional.empty() : Optional.of(c.clone());
    }

    /** Every non-empty internal node (depth 0 … L−1), by depth then prefix id. */
    public List<NodeSummary> nodes() {
        List<NodeSummary> out = new ArrayList<>();
        for (Map<Integer, TreeNode> level : byDepth) {
            level.keySet().stream().sorted().forEach(id -> {
                TreeNode n = level.get(id);
                out.add(new NodeSummary(Arrays.stream(n.path).boxed().toList(), n.size, n.split,
                        Arrays.stream(n.childSizes).boxed().toList()));
            });
        }
        return out;
    }

    /**
     * A read-only view of one internal node.
     *
     * @param path       groups chosen above the node (empty for the root)
     * @param size       training rows that reached it
     * @param split      whether k-means ran (false: too small, all rows in child 0)
     * @param childSizes rows per child slot; 0 marks an empty slot
     */
    public record NodeSummary(List<Integer> path, int size, boolean split, List<Integer> childSizes) {
    }

    // ---------------------------------------------------------------- paths and ids

    /** Group g_level of {@code path} (1 ≤ level ≤ L). */
    public int level(int[] path, int level) {
        checkPath(path);
        checkLevel(level);
        return path[level - 1];
    }

    /** The leaf id of a full path: {@code Σ_{l=1..L} g_l · G^(L−l)}. */
    public int leafId(int[] path) {
        checkPath(path);
        int id = 0;
        for (int g : path) {
            id = id * settings.branching() + g;
        }
        return id;
    }

    /** The path of a leaf id in [0, G^L); inverse of {@link #leafId}. */
    public int[] leafPath(int leafId) {
        if (leafId < 0 || leafId >= leafSizes.length) {
            throw new IllegalArgumentException("leaf id must be in [0, " + leafSizes.length + "), got " + leafId);
        }
        int[] path = new int[settings.depth()];
        for (int l = path.length - 1; l >= 0; l--) {
            path[l] = leafId % settings.branching();
            leafId /= settings.branching();
        }
        return path;
    }

    public TreeSettings settings() {
        return settings;
    }

    /** The feature dimension the tree was built on (and that {@link #path} expects). */
    public int dimension() {
        return dimension;
    }

    /** Number of training rows. */
    public int size() {
        return rowLeafIds.length;
    }

    public int branching() {
        return settings.branching();
    }

    public int depth() {
        return settings.depth();
    }

    /** Leaf slots, G^L. */
    public int numLeaves() {
        return leafSizes.length;
    }

    // ---------------------------------------------------------------- internals shared with the codec and checks

    /** The internal node at {@code prefix}, or null. */
    TreeNode node(int[] prefix) {
        if (prefix.length >= settings.depth()) {
            return null;
        }
        int id = 0;
        for (int g : prefix) {
            id = id * settings.branching() + g;
        }
        return byDepth.get(prefix.length).get(id);
    }

    /** Every internal node, by depth then prefix id (for the codec). */
    List<TreeNode> allNodes() {
        List<TreeNode> out = new ArrayList<>();
        for (Map<Integer, TreeNode> level : byDepth) {
            level.keySet().stream().sorted().forEach(id -> out.add(level.get(id)));
        }
        return out;
    }

    /** The training rows' leaf ids, not copied (for the codec). */
    int[] rowLeafIdsView() {
        return rowLeafIds;
    }

    private void checkLevel(int level) {
        if (level < 1 || level > settings.depth()) {
            throw new IllegalArgumentException("level must be in [1, " + settings.depth() + "], got " + level);
        }
    }

    private void checkPath(int[] path) {
        if (path == null || path.length != settings.depth()) {
            throw new IllegalArgumentException("a path has " + settings.depth() + " groups, got "
                    + (path == null ? "none" : Arrays.toString(path)));
        }
        checkPrefix(path);
    }

    private void checkPrefix(int[] prefix) {
        if (prefix == null || prefix.length > settings.depth()) {
            throw new IllegalArgumentException("a prefix has at most " + settings.depth() + " groups, got "
                    + (prefix == null ? "none" : Arrays.toString(prefix)));
        }
        for (int g : prefix) {
            if (g < 0 || g >= settings.branching()) {
                throw new IllegalArgumentException("group " + g + " of " + Arrays.toString(prefix)
                        + " is outside [0, " + settings.branching() + ")");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterTree t && settings.equals(t.settings) && dimension == t.dimension
                && Arrays.equals(rowLeafIds, t.rowLeafIds) && byDepth.equals(t.byDepth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(settings, dimension, Arrays.hashCode(rowLeafIds));
    }

    @Override
    public String toString() {
        return "ClusterTree[G=" + settings.branching() + ", L=" + settings.depth() + ", rows=" + size()
                + ", dim=" + dimension + ", nonEmptyLeaves=" + numNonEmptyLeaves() + "]";
    }
}
