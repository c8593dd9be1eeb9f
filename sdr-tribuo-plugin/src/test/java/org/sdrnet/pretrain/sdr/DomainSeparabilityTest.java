package org.sdrnet.pretrain.sdr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neighbour agreement and k-means objectives on features whose answer is known. */
class DomainSeparabilityTest {
    private static final float[][] FOUR_BLOBS = TreeFixtures.blobs(4, 50, 8, 0.05, 3);
    private static final ClusterTree TREE = ClusterTree.build(FOUR_BLOBS, new TreeSettings(4, 1, 8, 30, 5));

    @Test
    void domainsThatAreBlobsAgreeFullyAndCostWhatTheClustersCost() {
        int[] domain = new int[200];
        for (int i = 0; i < 200; i++) {
            domain[i] = i / 50;
        }
        DomainSeparability s = DomainSeparability.of(FOUR_BLOBS, TREE, domain, List.of("a", "b", "c", "d"), 10, 1000, 1);
        assertArrayEquals(new double[] {1, 1, 1, 1}, s.neighbourAgreement(), 1e-12);
        assertArrayEquals(new int[] {50, 50, 50, 50}, s.queriesPerDomain());
        assertEquals(4, s.clusters());
        assertEquals(s.domainObjective(), s.clusterObjective(), 1e-6, "the tree found the blobs, so both partitions are one");
    }

    @Test
    void domainsMixedInsideEveryBlobAgreeAtChanceAndCostMore() {
        int[] domain = new int[200];
        for (int i = 0; i < 200; i++) {
            domain[i] = i % 2; // every blob half "x", half "y"
        }
        DomainSeparability s = DomainSeparability.of(FOUR_BLOBS, TREE, domain, List.of("x", "y"), 10, 1000, 1);
        for (double a : s.neighbourAgreement()) {
            assertEquals(0.5, a, 0.1, "neighbours of a blob are half one domain, half the other");
        }
        assertTrue(s.domainObjective() > 10 * s.clusterObjective(), s.toMarkdown());
        assertTrue(s.toMarkdown().contains("| x | 100 | 100 |"), s.toMarkdown());
    }

    @Test
    void sumOfSquaresIsTheClosedForm() {
        float[][] x = {{1, 0}, {0, 1}, {3, 3}};
        // group 0: mean (0.5, 0.5), each point 0.5 away per axis -> 4 x 0.25; group 1 alone -> 0
        assertEquals(1.0, DomainSeparability.sumOfSquares(x, new int[] {0, 0, 7}), 1e-12);
    }

    @Test
    void queriesAreCappedPerDomainAndSeeded() {
        int[] domain = new int[200];
        for (int i = 0; i < 200; i++) {
            domain[i] = i < 150 ? 0 : 1;
        }
        DomainSeparability a = DomainSeparability.of(FOUR_BLOBS, TREE, domain, List.of("big", "small"), 5, 20, 9);
        assertArrayEquals(new int[] {20, 20}, a.queriesPerDomain());
        assertArrayEquals(new int[] {150, 50}, a.domainSizes());
        assertArrayEquals(a.neighbourAgreement(),
                DomainSeparability.of(FOUR_BLOBS, TREE, domain, List.of("big", "small"), 5, 20, 9).neighbourAgreement());
    }

    @Test
    void badInputNamesTheProblem() {
        int[] tooFew = new int[10];
        var e = assertThrows(IllegalArgumentException.class,
                () -> DomainSeparability.of(FOUR_BLOBS, TREE, tooFew, List.of("a"), 10, 100, 1));
        assertTrue(e.getMessage().contains("200") && e.getMessage().contains("10 labels"), e.getMessage());
        int[] outOfRange = new int[200];
        outOfRange[7] = 3;
        e = assertThrows(IllegalArgumentException.class,
                () -> DomainSeparability.of(FOUR_BLOBS, TREE, outOfRange, List.of("a", "b"), 10, 100, 1));
        assertTrue(e.getMessage().contains("row 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DomainSeparability.of(FOUR_BLOBS, TREE, new int[200], List.of("a"), 200, 100, 1));
        assertTrue(e.getMessage().contains("neighbours"), e.getMessage());
    }
}
