package org.sdrnet.it.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The oracle's arithmetic: the best candidate, and the held-out oracle that removes the best-of-many bias. */
class BestCandidateTest {
    private static boolean[] correct(String s) {
        boolean[] c = new boolean[s.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = s.charAt(i) == '1';
        }
        return c;
    }

    @Test
    void luckOnOneHalfDoesNotCarryToTheOther() {
        int[][] halves = {{0, 1, 2, 3}, {4, 5, 6, 7}};
        // unified: 4 of 8; "lucky A": 4 of 4 on half A, 0 of 4 on B; "lucky B": the reverse
        List<boolean[]> c = List.of(correct("10101010"), correct("11110000"), correct("00001111"));
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
        assertEquals(0.5, BestCandidate.bestAccuracy(c, all), 1e-12, "no candidate beats 4 of 8 on the whole set");
        assertEquals(1, BestCandidate.argBest(c, halves[0]));
        assertEquals(2, BestCandidate.argBest(c, halves[1]));
        assertEquals(0.0, BestCandidate.heldOut(c, halves), 1e-12, "each half's winner loses on the other half");
    }

    @Test
    void aTrulyBetterCandidateKeepsItsAccuracyHeldOutAndTiesGoToTheFirst() {
        int[][] halves = {{0, 1, 2, 3}, {4, 5}};
        List<boolean[]> c = List.of(correct("100110"), correct("111011"), correct("100110"));
        assertEquals(5.0 / 6, BestCandidate.bestAccuracy(c, new int[] {0, 1, 2, 3, 4, 5}), 1e-12);
        // half A: candidate 1 has 3 of 4, half B: candidate 1 has 2 of 2 → held out (2/2·2 + 3/4·4) / 6
        assertEquals((1.0 * 2 + 0.75 * 4) / 6, BestCandidate.heldOut(c, halves), 1e-12);
        assertEquals(0, BestCandidate.argBest(List.of(correct("10"), correct("10")), new int[] {0, 1}), "tie: the first");
    }
}
