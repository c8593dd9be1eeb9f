package org.sdrnet.pretrain.sdr;

import org.sdrnet.data.ImageSet;
import org.sdrnet.io.AtomicFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How the clusters of a {@link ClusterTree} split the source domains of a mixed pool: per level, a table of
 * clusters × domains counts and its purity, rendered as Markdown, plus a stacked-bar PNG. SDR's premise
 * (Liu et al., AAAI 2022) is that sub-nets trained on semantically different subsets transfer differently;
 * this report shows whether the clusters actually follow the domains.
 * <p>
 * The clusters of level l are the tree's non-empty nodes at depth l (paths g_1 … g_l), so a cluster is one
 * subset of the hierarchy. Purity of a level = Σ over its clusters of the largest domain count, divided by N.
 */
public final class ClusterReport {

    /**
     * One level's table.
     *
     * @param level    1 … L
     * @param clusters labels of the non-empty clusters, e.g. {@code "2.0"} for g_1 = 2, g_2 = 0, in leaf-id order
     * @param domains  domain names (table columns)
     * @param counts   counts[cluster][domain]
     * @param purity   Σ_clusters max_domain count / N
     */
    public record LevelTable(int level, List<String> clusters, List<String> domains, int[][] counts, double purity) {
        /** Rows in cluster {@code c}. */
        public int clusterSize(int c) {
            return Arrays.stream(counts[c]).sum();
        }
    }

    private final ClusterTree tree;
    private final List<String> domainNames;
    private final List<LevelTable> levels;

    private ClusterReport(ClusterTree tree, int[] domains, List<String> domainNames) {
        this.tree = tree;
        this.domainNames = List.copyOf(domainNames);
        List<LevelTable> l = new ArrayList<>();
        for (int level = 1; level <= tree.depth(); level++) {
            l.add(table(level, domains));
        }
        this.levels = List.copyOf(l);
    }

    /**
     * A report for the tree's training rows, whose source domains are {@code domains[i]} (indices into
     * {@code domainNames}).
     *
     * @throws IllegalArgumentException when there is not one domain per training row or a domain is out of range
     */
    public static ClusterReport of(ClusterTree tree, int[] domains, List<String> domainNames) {
        Objects.requireNonNull(tree, "tree");
        if (domains == null || domains.length != tree.size()) {
            throw new IllegalArgumentException("cluster report needs one domain label per tree row (" + tree.size()
                    + "), got " + (domains == null ? "none" : domains.length));
        }
        if (domainNames == null || domainNames.isEmpty()) {
            throw new IllegalArgumentException("cluster report needs at least one domain name");
        }
        for (int i = 0; i < domains.length; i++) {
            if (domains[i] < 0 || domains[i] >= domainNames.size()) {
                throw new IllegalArgumentException("row " + i + " has domain " + domains[i] + " outside the "
                        + domainNames.size() + " domain names " + domainNames);
            }
        }
        return new ClusterReport(tree, domains, domainNames);
    }

    /** A report for a mixed pool whose labels are its source domains (as {@code DataCatalog.mixedPool} makes). */
    public static ClusterReport of(ClusterTree tree, ImageSet mixedPool) {
        if (!mixedPool.isLabeled()) {
            throw new IllegalArgumentException("pool '" + mixedPool.name() + "' has no domain labels");
        }
        return of(tree, mixedPool.labels(), mixedPool.classNames());
    }

    private LevelTable table(int level, int[] domains) {
        int[] node = tree.nodeIdsAtLevel(level);
        TreeMap<Integer, int[]> byNode = new TreeMap<>();
        for (int i = 0; i < node.length; i++) {
            byNode.computeIfAbsent(node[i], k -> new int[domainNames.size()])[domains[i]]++;
        }
        List<String> labels = new ArrayList<>();
        int[][] counts = new int[byNode.size()][];
        long majority = 0;
        int c = 0;
        for (var e : byNode.entrySet()) {
            labels.add(tree.nodeLabel(e.getKey(), level));
            counts[c++] = e.getValue();
            majority += Arrays.stream(e.getValue()).max().orElse(0);
        }
        return new LevelTable(level, List.copyOf(labels), domainNames, counts, (double) majority / node.length);
    }

    /** The table of level {@code level} (1 … L). */
    public LevelTable level(int level) {
        if (level < 1 || level > levels.size()) {
            throw new IllegalArgumentException("level must be in [1, " + levels.size() + "], got " + level);
        }
        return levels.get(level - 1);
    }

    /** All levels, 1 … L. */
    public List<LevelTable> levels() {
        return levels;
    }

    /** Purity of level {@code level}. */
    public double purity(int level) {
        return level(level).purity();
    }

    public List<String> domainNames() {
        return domainNames;
    }

    /** Every level as a Markdown section: one row per non-empty cluster, one column per domain. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("## Cluster tree vs. pool domains\n\n");
        sb.append(String.format(Locale.ROOT, "%d rows, G = %d, L = %d, %d of %d leaves non-empty.%n%n",
                tree.size(), tree.branching(), tree.depth(), tree.numNonEmptyLeaves(), tree.numLeaves()));
        for (LevelTable t : levels) {
            sb.append(String.format(Locale.ROOT, "### Level %d: %d clusters, purity %.3f%n%n",
                    t.level(), t.clusters().size(), t.purity()));
            sb.append("| cluster | size |");
            t.domains().forEach(d -> sb.append(' ').append(d).append(" |"));
            sb.append(" majority |\n|---|---:|");
            t.domains().forEach(d -> sb.append("---:|"));
            sb.append("---|\n");
            for (int c = 0; c < t.clusters().size(); c++) {
                int size = t.clusterSize(c);
                int best = 0;
                for (int d = 1; d < t.domains().size(); d++) {
                    if (t.counts()[c][d] > t.counts()[c][best]) {
                        best = d;
                    }
                }
                sb.append("| ").append(t.clusters().get(c)).append(" | ").append(size).append(" |");
                for (int n : t.counts()[c]) {
                    sb.append(' ').append(n).append(" |");
                }
                sb.append(String.format(Locale.ROOT, " %s (%.1f%%) |%n", t.domains().get(best),
                        100.0 * t.counts()[c][best] / size));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes the level-1 stacked-bar chart, 800 × 500 px, atomically. */
    public void writeChart(Path png) {
        writeChart(png, 1, 800, 500);
    }

    /** Writes a stacked-bar chart of level {@code level} (clusters on x, stacked by domain) as a PNG, atomically. */
    public void writeChart(Path png, int level, int width, int height) {
        AtomicFiles.writeBytes(png, ClusterChart.png(level(level), width, height));
    }
}
