package org.sdrnet.pretrain.sdr;

import org.sdrnet.data.ImageSet;
import org.sdrnet.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * What the clusters hold, for pools without domain labels too: a PNG with one row per non-empty cluster of a
 * tree level, showing a seeded random sample of its images. Reading it is how one sees which visual factor a
 * level split on (say, filled pictures vs. line art on white) when the domains are unknown or do not match.
 */
public final class ClusterSamples {
    private static final int LABEL_WIDTH = 56;
    private static final int GAP = 2;

    private ClusterSamples() {
    }

    /**
     * Draws level {@code level}'s clusters of {@code tree} over {@code pool} (the tree's training rows, in order):
     * up to {@code perCluster} images per row, each magnified {@code scale} times.
     *
     * @throws IllegalArgumentException when the pool does not have one image per tree row, or an argument is out of range
     */
    public static BufferedImage draw(ClusterTree tree, ImageSet pool, int level, int perCluster, int scale, long seed) {
        if (pool.size() != tree.size()) {
            throw new IllegalArgumentException("cluster samples need the tree's own pool: tree has " + tree.size()
                    + " rows, pool '" + pool.name() + "' has " + pool.size() + " images");
        }
        if (level < 1 || level > tree.depth()) {
            throw new IllegalArgumentException("level must be in [1, " + tree.depth() + "], got " + level);
        }
        if (perCluster < 1 || scale < 1) {
            throw new IllegalArgumentException("perCluster and scale must be at least 1, got " + perCluster + " and " + scale);
        }
        TreeMap<Integer, List<Integer>> members = new TreeMap<>();
        int[] node = tree.nodeIdsAtLevel(level);
        for (int i = 0; i < node.length; i++) {
            members.computeIfAbsent(node[i], k -> new ArrayList<>()).add(i);
        }
        int cell = pool.imageSize() * scale;
        BufferedImage img = new BufferedImage(LABEL_WIDTH + perCluster * (cell + GAP), members.size() * (cell + GAP),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.LIGHT_GRAY);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            Random rnd = new Random(seed);
            int row = 0;
            for (var e : members.entrySet()) {
                List<Integer> rows = e.getValue();
                Collections.shuffle(rows, rnd);
                int y0 = row * (cell + GAP);
                g.setColor(Color.BLACK);
                g.drawString(tree.nodeLabel(e.getKey(), level), 4, y0 + cell / 2);
                g.drawString("n=" + rows.size(), 4, y0 + cell / 2 + 14);
                for (int c = 0; c < Math.min(perCluster, rows.size()); c++) {
                    paint(img, pool, rows.get(c), LABEL_WIDTH + c * (cell + GAP), y0, scale);
                }
                row++;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** {@link #draw} written as a PNG, atomically. */
    public static void write(Path png, ClusterTree tree, ImageSet pool, int level, int perCluster, int scale, long seed) {
        BufferedImage img = draw(tree, pool, level, perCluster, scale, seed);
        AtomicFiles.write(png, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new java.io.IOException("no PNG writer available");
            }
        });
    }

    private static void paint(BufferedImage img, ImageSet pool, int i, int x0, int y0, int scale) {
        int s = pool.imageSize();
        boolean gray = pool.channels() == 1;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int r = pool.pixel(i, 0, y, x);
                int rgb = gray ? (r << 16) | (r << 8) | r : (r << 16) | (pool.pixel(i, 1, y, x) << 8) | pool.pixel(i, 2, y, x);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }
}
