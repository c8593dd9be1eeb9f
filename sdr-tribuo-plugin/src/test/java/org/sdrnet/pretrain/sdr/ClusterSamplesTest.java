package org.sdrnet.pretrain.sdr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample sheet shows each level-1 cluster's own images, one row per cluster, reproducibly. */
class ClusterSamplesTest {
    /** 30 pure red and 20 pure blue 4-px images; the feature of each is its colour, so the tree splits red from blue. */
    private static final int RED = 30;
    private static final int BLUE = 20;

    private static ImageSet pool() {
        int n = RED + BLUE;
        int plane = 16;
        byte[] px = new byte[n * 3 * plane];
        for (int i = 0; i < n; i++) {
            int channel = i < RED ? 0 : 2;
            for (int p = 0; p < plane; p++) {
                px[i * 3 * plane + channel * plane + p] = (byte) (200 + i); // unique per image
            }
        }
        return ImageSet.unlabeled("red-blue", 3, 4, px);
    }

    private static ClusterTree tree(ImageSet pool) {
        float[][] f = new float[pool.size()][];
        for (int i = 0; i < pool.size(); i++) {
            f[i] = i < RED ? new float[] {1, 0.01f * i} : new float[] {0.01f * i, 1};
        }
        return ClusterTree.build(f, new TreeSettings(2, 1, 4, 20, 3));
    }

    @Test
    void eachRowShowsOnlyItsClustersImages() {
        ImageSet pool = pool();
        ClusterTree tree = tree(pool);
        int perCluster = 8;
        int scale = 3;
        BufferedImage img = ClusterSamples.draw(tree, pool, 1, perCluster, scale, 11);
        int cell = 4 * scale;
        assertEquals(2 * (cell + 2), img.getHeight());
        assertEquals(56 + perCluster * (cell + 2), img.getWidth());
        int[] nodes = tree.nodeIdsAtLevel(1);
        List<Integer> rowOrder = java.util.stream.IntStream.of(nodes).distinct().sorted().boxed().toList();
        for (int row = 0; row < 2; row++) {
            boolean redRow = nodes[0] == rowOrder.get(row);
            for (int c = 0; c < perCluster; c++) {
                int rgb = img.getRGB(56 + c * (cell + 2) + 1, row * (cell + 2) + 1) & 0xFFFFFF;
                int red = rgb >> 16;
                int blue = rgb & 0xFF;
                assertTrue(redRow ? red >= 200 && blue == 0 : blue >= 200 && red == 0,
                        "row " + row + " cell " + c + " shows " + Integer.toHexString(rgb));
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameSheetAndTheFileIsAPng(@TempDir Path dir) throws Exception {
        ImageSet pool = pool();
        ClusterTree tree = tree(pool);
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        ClusterSamples.write(a, tree, pool, 1, 5, 2, 4);
        ClusterSamples.write(b, tree, pool, 1, 5, 2, 4);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        BufferedImage read = ImageIO.read(a.toFile());
        assertEquals(ClusterSamples.draw(tree, pool, 1, 5, 2, 4).getWidth(), read.getWidth());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aPoolThatIsNotTheTreesIsRefused() {
        ImageSet pool = pool();
        ClusterTree tree = tree(pool);
        var e = assertThrows(IllegalArgumentException.class,
                () -> ClusterSamples.draw(tree, pool.head(10), 1, 4, 1, 1));
        assertTrue(e.getMessage().contains("50 rows") && e.getMessage().contains("10 images"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterSamples.draw(tree, pool, 2, 4, 1, 1));
    }
}
