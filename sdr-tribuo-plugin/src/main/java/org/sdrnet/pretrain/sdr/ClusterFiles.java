package org.sdrnet.pretrain.sdr;

import org.sdrnet.data.ImageSet;
import org.sdrnet.io.AtomicFiles;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The files that explain a cluster tree, written beside it (each atomically):
 * <ul>
 *   <li>{@value #MARKDOWN}: cluster sizes; when the pool carries source-domain labels (a catalog mixed pool) how
 *       each level's clusters split the domains ({@link ClusterReport}) and how separable the domains are in the
 *       features at all ({@link DomainSeparability});</li>
 *   <li>{@value #CHART}: the level-1 clusters stacked by domain (labelled pools only);</li>
 *   <li>{@value #SAMPLES}: sample images of each level-1 cluster ({@link ClusterSamples}), for any pool.</li>
 * </ul>
 */
public final class ClusterFiles {
    public static final String MARKDOWN = "clusters.md";
    public static final String CHART = "clusters-level1.png";
    public static final String SAMPLES = "clusters-level1-samples.png";
    /** Sample images per cluster row of {@value #SAMPLES}. */
    static final int SAMPLES_PER_CLUSTER = 16;

    private ClusterFiles() {
    }

    /** The report and separability of a labelled pool (empty for an unlabelled one). */
    public record Analysis(ClusterReport report, DomainSeparability separability) {
    }

    /**
     * Writes the files for {@code tree}, built from {@code features} of {@code pool}'s images, into {@code dir}.
     *
     * @param seed draws the sample images and the separability queries
     */
    public static Optional<Analysis> write(Path dir, ClusterTree tree, float[][] features, ImageSet pool, long seed) {
        StringBuilder md = new StringBuilder("# SDR cluster tree\n\n");
        int[] sizes = Arrays.stream(tree.leafSizes()).filter(x -> x > 0).sorted().toArray();
        md.append(String.format(Locale.ROOT, "%d images in %d non-empty leaves of %d; leaf size min %d, median %d, max %d.%n%n",
                tree.size(), sizes.length, tree.numLeaves(), sizes[0], sizes[sizes.length / 2], sizes[sizes.length - 1]));
        md.append("Sample images of each level-1 cluster: `").append(SAMPLES).append("`.\n\n");
        ClusterSamples.write(dir.resolve(SAMPLES), tree, pool, 1, SAMPLES_PER_CLUSTER, 2, seed);
        Analysis analysis = null;
        if (pool.isLabeled()) {
            ClusterReport report = ClusterReport.of(tree, pool);
            DomainSeparability separability = DomainSeparability.of(features, tree, pool.labels(), pool.classNames(),
                    DomainSeparability.DEFAULT_NEIGHBOURS, DomainSeparability.DEFAULT_MAX_QUERIES, seed);
            md.append(report.toMarkdown()).append(separability.toMarkdown());
            report.writeChart(dir.resolve(CHART));
            analysis = new Analysis(report, separability);
        }
        AtomicFiles.writeString(dir.resolve(MARKDOWN), md.toString());
        return Optional.ofNullable(analysis);
    }
}
