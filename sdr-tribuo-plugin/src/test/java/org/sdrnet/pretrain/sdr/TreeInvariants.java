package org.sdrnet.pretrain.sdr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/** Checks every tree test relies on: assignment consistency, sizes that add up, the minimum-size guard. */
final class TreeInvariants {
    private TreeInvariants() {
    }

    static void assertConsistent(ClusterTree tree, float[][] features) {
        assertEquals(features.length, tree.size());
        int[][] paths = tree.paths();
        for (int i = 0; i < features.length; i++) {
            assertArrayEquals(paths[i], tree.path(features[i]), "row " + i + ": stored path differs from its assignment");
        }
        assertEquals(features.length, Arrays.stream(tree.leafSizes()).sum(), "leaf sizes must sum to N");
        assertEquals(features.length, tree.leafCounts().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(tree.leafCounts().size(), tree.numNonEmptyLeaves());
        assertMinSizeGuard(tree);
    }

    /** Split nodes leave no non-empty child below the minimum; unsplit nodes are small and use child 0 only. */
    static void assertMinSizeGuard(ClusterTree tree) {
        TreeSettings s = tree.settings();
        for (ClusterTree.NodeSummary n : tree.nodes()) {
            if (n.split()) {
                assertTrue(n.size() >= s.branching() * s.minClusterSize(), n + " was split below G x min");
                n.childSizes().forEach(c -> assertTrue(c == 0 || c >= s.minClusterSize(), n + " has an undersized child"));
            } else {
                assertEquals(n.size(), n.childSizes().get(0), n + " is unsplit but child 0 does not hold everything");
            }
        }
    }
}
