package org.sdrnet.pretrain.sdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain report of a cluster tree: counts, purity, Markdown and the PNG chart. */
class ClusterTreeReportTest {
    // blobs 0 and 1 come from domain "A"; blob 2 is half "A", half "B"; blob 3 is "B"
    private static final float[][] FEATURES = TreeFixtures.blobs(4, 40, 8, 0.05, 2);
    private static final ClusterTree TREE = ClusterTree.build(FEATURES, new TreeSettings(4, 2, 8, 30, 4));
    private static final int[] DOMAINS = new int[160];

    static {
        for (int i = 0; i < 160; i++) {
            DOMAINS[i] = i < 80 ? 0 : i < 100 ? 0 : 1;
        }
    }

    @TempDir
    Path dir;

    @Test
    void levelOneCountsAndPurityMatchAHandCount() {
        ClusterReport r = ClusterReport.of(TREE, DOMAINS, List.of("A", "B"));
        ClusterReport.LevelTable t = r.level(1);
        assertEquals(4, t.clusters().size());
        assertEquals(List.of("A", "B"), t.domains());
        int[] g1 = TREE.clusterAtLevel(1);
        for (int blob = 0; blob < 4; blob++) {
            int c = t.clusters().indexOf(Integer.toString(g1[blob * 40]));
            int[] expected = blob < 2 ? new int[] {40, 0} : blob == 2 ? new int[] {20, 20} : new int[] {0, 40};
            assertArrayEquals(expected, t.counts()[c], "blob " + blob);
            assertEquals(40, t.clusterSize(c));
        }
        assertEquals((40 + 40 + 20 + 40) / 160.0, r.purity(1), 1e-12);
        // deeper levels refine level 1, so they can only be purer
        assertTrue(r.purity(2) >= r.purity(1));
        assertEquals(2, r.levels().size());
        // level-2 clusters are labeled by their full prefix
        assertTrue(r.level(2).clusters().stream().allMatch(c -> c.matches("[0-3]\\.[0-3]")), r.level(2).clusters().toString());
    }

    @Test
    void markdownHasOneSectionPerLevelWithEveryCluster() {
        String md = ClusterReport.of(TREE, DOMAINS, List.of("A", "B")).toMarkdown();
        assertTrue(md.contains("### Level 1: 4 clusters, purity 0.875"), md);
        assertTrue(md.contains("### Level 2:"), md);
        assertTrue(md.contains("| cluster | size | A | B | majority |"), md);
        assertTrue(md.contains("| 40 | 20 | 20 | A (50.0%) |"), md);
    }

    @Test
    void chartIsAReadablePngOfTheRequestedSizeWrittenAtomically() throws IOException {
        ClusterReport r = ClusterReport.of(TREE, DOMAINS, List.of("A", "B"));
        Path png = dir.resolve("charts/level1.png");
        r.writeChart(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());

        Path small = dir.resolve("charts/level2.png");
        r.writeChart(small, 2, 640, 360);
        BufferedImage img2 = ImageIO.read(small.toFile());
        assertEquals(640, img2.getWidth());
        assertEquals(360, img2.getHeight());
        try (Stream<Path> s = Files.list(dir.resolve("charts"))) {
            assertEquals(2, s.count(), "no temporary files are left behind");
        }
    }

    @Test
    void realPoolReportUsesTheDomainNames() {
        var pool = TreeFixtures.pool();
        float[][] f = TreeFixtures.rawPixels(pool);
        ClusterTree t = ClusterTree.build(f, new TreeSettings(4, 1, 16, 20, 1));
        ClusterReport r = ClusterReport.of(t, pool);
        assertEquals(List.of("P1", "P2"), r.domainNames());
        int total = 0;
        for (int c = 0; c < r.level(1).clusters().size(); c++) {
            total += r.level(1).clusterSize(c);
        }
        assertEquals(pool.size(), total);
    }

    @Test
    void mismatchedDomainLabelsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ClusterReport.of(TREE, new int[3], List.of("A")));
        int[] bad = DOMAINS.clone();
        bad[7] = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterReport.of(TREE, bad, List.of("A", "B")));
        assertTrue(e.getMessage().contains("row 7 has domain 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterReport.of(TREE, DOMAINS, List.of()));
        assertThrows(IllegalArgumentException.class, () -> ClusterReport.of(TREE, DOMAINS, List.of("A", "B")).level(3));
        assertThrows(IllegalArgumentException.class,
                () -> ClusterReport.of(TREE, DOMAINS, List.of("A", "B")).writeChart(dir.resolve("x.png"), 1, 10, 10));
    }
}
