package org.sdrnet.pretrain.sdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster tree on synthetic data whose answer is known. */
class ClusterTreeTest {
    private static final TreeSettings TWO_LEVELS = new TreeSettings(4, 2, 16, 50, 1);

    @Test
    void fourSeparatedBlobsAreTheFourLevelOneClusters() {
        float[][] f = TreeFixtures.blobs(4, 100, 16, 0.05, 3);
        int[] blob = TreeFixtures.blobLabels(4, 100);
        ClusterTree t = ClusterTree.build(f, TWO_LEVELS);

        ClusterReport r = ClusterReport.of(t, blob, List.of("b0", "b1", "b2", "b3"));
        assertEquals(1.0, r.purity(1));
        assertEquals(4, r.level(1).clusters().size());
        // each blob owns one level-1 group, and they are all different
        int[] g1 = t.clusterAtLevel(1);
        Set<Integer> groups = new HashSet<>();
        for (int b = 0; b < 4; b++) {
            groups.add(g1[b * 100]);
        }
        assertEquals(4, groups.size());
        TreeInvariants.assertConsistent(t, f);
    }

    @Test
    void newPointsNearABlobFollowItsTrainingRowsAndScaleDoesNotMatter() {
        float[][] f = TreeFixtures.blobs(4, 100, 16, 0.05, 3);
        ClusterTree t = ClusterTree.build(f, TWO_LEVELS);
        float[][] fresh = TreeFixtures.blobs(4, 1, 16, 0.01, 99);
        for (int b = 0; b < 4; b++) {
            assertEquals(t.paths()[b * 100][0], t.path(fresh[b])[0], "blob " + b);
            float[] scaled = fresh[b].clone();
            for (int j = 0; j < scaled.length; j++) {
                scaled[j] *= 37f;
            }
            assertArrayEquals(t.path(fresh[b]), t.path(scaled));
        }
    }

    @Test
    void pathsLevelsAndLeafIdsAgree() {
        float[][] f = TreeFixtures.blobs(4, 100, 16, 0.3, 5);
        ClusterTree t = ClusterTree.build(f, TWO_LEVELS);
        int[][] paths = t.paths();
        int[] ids = t.leafIds();
        int[] sizes = t.leafSizes();
        assertEquals(16, sizes.length);
        for (int l = 1; l <= 2; l++) {
            int[] g = t.clusterAtLevel(l);
            for (int i = 0; i < f.length; i++) {
                assertEquals(paths[i][l - 1], g[i]);
                assertEquals(paths[i][l - 1], t.level(paths[i], l));
            }
        }
        for (int i = 0; i < f.length; i++) {
            assertEquals(paths[i][0] * 4 + paths[i][1], ids[i]);
            assertEquals(ids[i], t.leafId(paths[i]));
            assertArrayEquals(paths[i], t.leafPath(ids[i]));
            assertEquals(ids[i], t.leafIdOf(f[i]));
        }
        for (Map.Entry<List<Integer>, Integer> e : t.leafCounts().entrySet()) {
            int[] p = e.getKey().stream().mapToInt(Integer::intValue).toArray();
            assertEquals(sizes[t.leafId(p)], e.getValue());
            assertEquals(e.getValue(), t.memberCount(p));
        }
    }

    @Test
    void leafIdsAreBaseGNumbersWithTheFirstLevelMostSignificant() {
        ClusterTree t = ClusterTree.build(TreeFixtures.blobs(3, 10, 4, 0.1, 1), new TreeSettings(3, 3, 16, 10, 1));
        assertEquals(27, t.numLeaves());
        assertEquals(2 * 9 + 0 * 3 + 1, t.leafId(new int[] {2, 0, 1}));
        assertArrayEquals(new int[] {2, 0, 1}, t.leafPath(19));
        assertArrayEquals(new int[] {0, 0, 0}, t.leafPath(0));
        assertArrayEquals(new int[] {2, 2, 2}, t.leafPath(26));
    }

    @Test
    void anUndersizedClusterIsEmptiedAndItsRowsJoinTheirNearestSibling() {
        // three blobs of 100 and one of 10 that leans towards blob 0 (cosine 0.45, still far from it): k-means++
        // seeds one centroid per blob, and the 10-row cluster is below the minimum of 16
        float[][] big = TreeFixtures.blobs(4, 100, 8, 0.02, 7);
        float[][] f = Arrays.copyOf(big, 310);
        for (int i = 300; i < 310; i++) {
            f[i] = big[i].clone(); // the first 10 rows of blob 3, pulled towards blob 0
            f[i][0] += 0.5f;
        }
        ClusterTree t = ClusterTree.build(f, new TreeSettings(4, 1, 16, 50, 2));
        ClusterTree.NodeSummary root = t.nodes().get(0);
        assertTrue(root.split());
        List<Integer> sizes = root.childSizes();
        assertEquals(1, sizes.stream().filter(s -> s == 0).count(), "one slot emptied: " + sizes);
        assertEquals(List.of(0, 100, 100, 110), sizes.stream().sorted().toList());
        int emptied = sizes.indexOf(0);
        assertTrue(t.centroid(emptied).isPresent(), "an emptied slot keeps its k-means centroid");
        assertEquals(0, t.memberCount(emptied));
        // the small blob's rows joined their nearest sibling, blob 0; routing never picks the empty slot
        int[] g = t.clusterAtLevel(1);
        for (int i = 300; i < 310; i++) {
            assertEquals(g[0], g[i]);
        }
        assertEquals(110, t.memberCount(g[0]));
        for (float[] x : TreeFixtures.blobs(8, 1, 8, 0.3, 11)) {
            assertFalse(t.path(x)[0] == emptied);
        }
        assertEquals(3, t.numNonEmptyLeaves());
        TreeInvariants.assertConsistent(t, f);
    }

    @Test
    void aNodeTooSmallToSplitSendsEveryRowToChildZero() {
        float[][] f = TreeFixtures.blobs(4, 10, 8, 0.1, 3); // 40 rows < 4 x 16
        ClusterTree t = ClusterTree.build(f, TreeSettings.defaults(1));
        assertEquals(1, t.numNonEmptyLeaves());
        for (int[] p : t.paths()) {
            assertArrayEquals(new int[4], p);
        }
        assertFalse(t.nodes().get(0).split());
        assertEquals(40, t.memberCount(0, 0, 0, 0));
        assertArrayEquals(new int[4], t.path(new float[] {0, 0, 0, 0, 0, 0, 0, 1}));
        TreeInvariants.assertConsistent(t, f);
    }

    @Test
    void identicalRowsAreNotSplitAndAZeroRowIsStillAssigned() {
        float[][] same = new float[100][];
        for (int i = 0; i < same.length; i++) {
            same[i] = new float[] {1, 2, 3};
        }
        ClusterTree t = ClusterTree.build(same, new TreeSettings(4, 2, 4, 10, 1));
        assertEquals(1, t.numNonEmptyLeaves());
        assertFalse(t.nodes().get(0).split());

        float[][] f = TreeFixtures.blobs(4, 50, 8, 0.05, 4);
        f[0] = new float[8];
        ClusterTree z = ClusterTree.build(f, TWO_LEVELS);
        TreeInvariants.assertConsistent(z, f);
    }

    @Test
    void badInputIsRejectedWithAMessageNamingTheProblem() {
        float[][] ok = TreeFixtures.blobs(4, 20, 8, 0.1, 1);
        TreeSettings s = TreeSettings.defaults(1);
        assertMessage("at least one feature row", () -> ClusterTree.build(new float[0][], s));
        assertMessage("at least one feature row", () -> ClusterTree.build(null, s));
        assertMessage("row 0 is empty", () -> ClusterTree.build(new float[][] {{}}, s));
        assertMessage("ragged: row 1 has 2 values, row 0 has 3", () -> ClusterTree.build(new float[][] {{1, 2, 3}, {1, 2}}, s));
        assertMessage("non-finite", () -> ClusterTree.build(new float[][] {{1, Float.NaN}}, s));
        assertMessage("non-finite", () -> ClusterTree.build(new float[][] {{1, Float.POSITIVE_INFINITY}}, s));
        assertMessage("settings are missing", () -> ClusterTree.build(ok, null));

        assertMessage("branching must be at least 2, got 1", () -> new TreeSettings(1, 4, 16, 50, 1));
        assertMessage("depth must be at least 1, got 0", () -> new TreeSettings(4, 0, 16, 50, 1));
        assertMessage("minClusterSize must be at least 1, got 0", () -> new TreeSettings(4, 4, 0, 50, 1));
        assertMessage("iterations must be at least 1, got 0", () -> new TreeSettings(4, 4, 16, 0, 1));
        assertMessage("more than 1048576 leaves", () -> new TreeSettings(32, 5, 16, 50, 1));

        ClusterTree t = ClusterTree.build(ok, TWO_LEVELS);
        assertMessage("expects features of dimension 8, got 7", () -> t.path(new float[7]));
        assertMessage("expects features of dimension 8, got none", () -> t.path(null));
        float[] nan = new float[8];
        nan[3] = Float.NaN;
        assertMessage("non-finite value (NaN) at index 3", () -> t.path(nan));
        assertMessage("leaf id must be in [0, 16), got 16", () -> t.leafPath(16));
        assertMessage("level must be in [1, 2], got 0", () -> t.clusterAtLevel(0));
        assertMessage("level must be in [1, 2], got 3", () -> t.level(new int[] {0, 0}, 3));
        assertMessage("a path has 2 groups", () -> t.leafId(new int[] {1}));
        assertMessage("group 4 of [4, 0] is outside [0, 4)", () -> t.leafId(new int[] {4, 0}));
        assertMessage("the root has no routing centroid", () -> t.centroid());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
