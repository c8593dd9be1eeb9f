package org.sdrnet.pretrain.sdr;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Whether a labelled pool's domains can be told apart in a feature space at all, whatever the clustering.
 * A {@link ClusterReport} shows how the tree's clusters split the domains; this record says how pure any clustering
 * of these features could be:
 * <ul>
 *   <li><b>neighbour agreement</b> of a domain: the share of its images' k nearest neighbours (cosine, the tree's
 *       own geometry) that come from the same domain. Clusters are unions of neighbourhoods, so a domain whose
 *       neighbours are often foreign cannot get a cluster of its own. Chance is the domain's share of the pool.</li>
 *   <li><b>k-means objective</b> (within-cluster sum of squares of the L2-normalised features) of the level-1
 *       clusters and of the partition by domain. When the domain partition costs far more, k-means on these
 *       features prefers another split, however it is initialised.</li>
 * </ul>
 *
 * @param domains            domain names
 * @param domainSizes        images per domain
 * @param neighbours         k
 * @param queriesPerDomain   images per domain whose neighbours were counted (all of them, or a seeded sample)
 * @param neighbourAgreement per domain, the share of same-domain neighbours
 * @param clusterObjective   sum of squares of the level-1 clusters
 * @param clusters           number of level-1 clusters
 * @param domainObjective    sum of squares of the partition by domain
 */
public record DomainSeparability(List<String> domains, int[] domainSizes, int neighbours, int[] queriesPerDomain,
                                 double[] neighbourAgreement, double clusterObjective, int clusters, double domainObjective) {
    /** Neighbours counted per image: the count the agreement figures in docs/results.md use. */
    public static final int DEFAULT_NEIGHBOURS = 10;
    /** At most this many images per domain are queried (a seeded sample), which bounds the cost at 10 k × 2 k dots. */
    public static final int DEFAULT_MAX_QUERIES = 400;

    public DomainSeparability {
        domains = List.copyOf(domains);
    }

    /**
     * Measures {@code features} (one row per tree row) against {@code domainOf} (indices into {@code domains}).
     *
     * @param tree       the cluster tree built from these features; its level-1 clusters give the cluster objective
     * @param maxQueries per domain, at most this many images (a sample drawn with {@code seed}) have their neighbours counted
     * @throws IllegalArgumentException on mismatched sizes, a domain label out of range, or k outside [1, N)
     */
    public static DomainSeparability of(float[][] features, ClusterTree tree, int[] domainOf, List<String> domains,
                                        int neighbours, int maxQueries, long seed) {
        Objects.requireNonNull(tree, "tree");
        float[][] x = UnitRows.normalise(features);
        int n = x.length;
        if (domainOf == null || domainOf.length != n || tree.size() != n) {
            throw new IllegalArgumentException("domain separability needs one domain label and one tree row per feature row ("
                    + n + "), got " + (domainOf == null ? "no labels" : domainOf.length + " labels") + " and " + tree.size() + " tree rows");
        }
        if (neighbours < 1 || neighbours >= n) {
            throw new IllegalArgumentException("neighbours must be in [1, " + (n - 1) + "], got " + neighbours);
        }
        if (maxQueries < 1) {
            throw new IllegalArgumentException("maxQueries must be at least 1, got " + maxQueries);
        }
        int[] sizes = new int[domains.size()];
        for (int i = 0; i < n; i++) {
            if (domainOf[i] < 0 || domainOf[i] >= sizes.length) {
                throw new IllegalArgumentException("row " + i + " has domain " + domainOf[i] + " outside " + domains);
            }
            sizes[domainOf[i]]++;
        }
        int[] queries = new int[sizes.length];
        long[] same = new long[sizes.length];
        for (int q : queryRows(domainOf, sizes, maxQueries, seed)) {
            queries[domainOf[q]]++;
            for (int j : nearest(x, q, neighbours)) {
                if (domainOf[j] == domainOf[q]) {
                    same[domainOf[q]]++;
                }
            }
        }
        double[] agreement = new double[sizes.length];
        for (int d = 0; d < sizes.length; d++) {
            agreement[d] = queries[d] == 0 ? Double.NaN : (double) same[d] / ((long) queries[d] * neighbours);
        }
        int[] level1 = tree.nodeIdsAtLevel(1);
        return new DomainSeparability(domains, sizes, neighbours, queries, agreement,
                sumOfSquares(x, level1), (int) Arrays.stream(level1).distinct().count(), sumOfSquares(x, domainOf));
    }

    /** Up to {@code maxQueries} rows of each domain: all of them, or a seeded sample without replacement. */
    private static int[] queryRows(int[] domainOf, int[] sizes, int maxQueries, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] rows = new int[domainOf.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        for (int i = rows.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] taken = new int[sizes.length];
        return Arrays.stream(rows).filter(r -> taken[domainOf[r]]++ < maxQueries).sorted().toArray();
    }

    /** The {@code k} rows most cosine-similar to row {@code q} (unit rows, so the dot product), excluding q itself. */
    private static int[] nearest(float[][] x, int q, int k) {
        int[] best = new int[k];
        double[] sim = new double[k];
        Arrays.fill(sim, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < x.length; j++) {
            if (j == q) {
                continue;
            }
            double s = 0;
            for (int c = 0; c < x[q].length; c++) {
                s += x[q][c] * x[j][c];
            }
            if (s > sim[k - 1]) {
                int p = k - 1;
                while (p > 0 && sim[p - 1] < s) {
                    sim[p] = sim[p - 1];
                    best[p] = best[p - 1];
                    p--;
                }
                sim[p] = s;
                best[p] = j;
            }
        }
        return best;
    }

    /** Σ_i ||x_i − mean of x_i's group||², groups given by arbitrary int labels. */
    static double sumOfSquares(float[][] x, int[] group) {
        int d = x[0].length;
        Map<Integer, double[]> sums = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            double[] s = sums.computeIfAbsent(group[i], g -> new double[d]);
            for (int c = 0; c < d; c++) {
                s[c] += x[i][c];
            }
            counts.merge(group[i], 1, Integer::sum);
        }
        double ss = 0;
        for (int i = 0; i < x.length; i++) {
            double[] s = sums.get(group[i]);
            int m = counts.get(group[i]);
            for (int c = 0; c < d; c++) {
                double t = x[i][c] - s[c] / m;
                ss += t * t;
            }
        }
        return ss;
    }

    /** A Markdown section: the agreement table and the two objectives. */
    public String toMarkdown() {
        int n = Arrays.stream(domainSizes).sum();
        StringBuilder sb = new StringBuilder("## Can these features separate the domains?\n\n");
        sb.append(String.format(Locale.ROOT, "Share of an image's %d nearest neighbours (cosine) from its own domain; "
                + "chance is the domain's share of the pool. Clusters cannot be much purer than these neighbourhoods.%n%n", neighbours));
        sb.append("| domain | images | queried | same-domain neighbours | chance |\n|---|---:|---:|---:|---:|\n");
        for (int d = 0; d < domains.size(); d++) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f |%n", domains.get(d), domainSizes[d],
                    queriesPerDomain[d], neighbourAgreement[d], (double) domainSizes[d] / n));
        }
        sb.append(String.format(Locale.ROOT, "%nk-means objective (sum of squares of the unit features): the %d level-1 clusters %.1f; "
                + "the %d domains %.1f (%.2f×).%n", clusters, clusterObjective, domains.size(), domainObjective,
                domainObjective / clusterObjective));
        return sb.toString();
    }
}
