package org.sdrnet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class StratifiedSplitsTest {

    /** Uneven classes: 23, 11, 7 and 2 members, interleaved. */
    private static int[] labels() {
        int[] sizes = {23, 11, 7, 2};
        int[] out = new int[Arrays.stream(sizes).sum()];
        int[] left = sizes.clone();
        int i = 0;
        while (i < out.length) {
            for (int c = 0; c < sizes.length; c++) {
                if (left[c]-- > 0) {
                    out[i++] = c;
                }
            }
        }
        return out;
    }

    @Test
    void foldsPartitionTheDataAndAreStratified() {
        int[] y = labels();
        int[][] folds = StratifiedSplits.folds(y, 5, 42);
        assertEquals(5, folds.length);
        int[] seen = new int[y.length];
        int minSize = Integer.MAX_VALUE;
        int maxSize = 0;
        for (int[] fold : folds) {
            for (int i : fold) {
                seen[i]++;
            }
            minSize = Math.min(minSize, fold.length);
            maxSize = Math.max(maxSize, fold.length);
        }
        for (int i = 0; i < y.length; i++) {
            assertEquals(1, seen[i], "index " + i + " must be in exactly one fold");
        }
        assertTrue(maxSize - minSize <= 1, "fold sizes differ by more than one: " + minSize + ".." + maxSize);
        for (int c = 0; c < 4; c++) {
            int min = Integer.MAX_VALUE;
            int max = 0;
            for (int[] fold : folds) {
                final int cls = c;
                int count = (int) Arrays.stream(fold).filter(i -> y[i] == cls).count();
                min = Math.min(min, count);
                max = Math.max(max, count);
            }
            assertTrue(max - min <= 1, "class " + c + " spread unevenly: " + min + ".." + max);
        }
    }

    @Test
    void foldsAreSeeded() {
        int[] y = labels();
        assertTrue(Arrays.deepEquals(StratifiedSplits.folds(y, 5, 1), StratifiedSplits.folds(y, 5, 1)));
        assertFalse(Arrays.deepEquals(StratifiedSplits.folds(y, 5, 1), StratifiedSplits.folds(y, 5, 2)));
    }

    @Test
    void holdOutTakesTheFractionOfEveryClass() {
        int[] y = labels();
        StratifiedSplits.HoldOut h = StratifiedSplits.holdOut(y, 0.2, 9);
        // round(0.2 × size), at least one when the class has two: 23 → 5, 11 → 2, 7 → 1, 2 → 1.
        int[] expected = {5, 2, 1, 1};
        int[] held = new int[4];
        for (int i : h.heldOut()) {
            held[y[i]]++;
        }
        assertArrayEquals(expected, held);
        assertEquals(y.length, h.train().length + h.heldOut().length);
        int[] all = new int[y.length];
        for (int i : h.train()) {
            all[i]++;
        }
        for (int i : h.heldOut()) {
            all[i]++;
        }
        assertTrue(Arrays.stream(all).allMatch(v -> v == 1), "train and held-out must partition the indices");
    }

    @Test
    void badInput() {
        KnnEvaluatorTest.assertMessage("cannot make 5 folds from 3", () -> StratifiedSplits.folds(new int[] {0, 1, 0}, 5, 0));
        KnnEvaluatorTest.assertMessage("fraction", () -> StratifiedSplits.holdOut(new int[] {0, 0, 1, 1}, 1.0, 0));
        KnnEvaluatorTest.assertMessage("no class has two", () -> StratifiedSplits.holdOut(new int[] {0, 1, 2}, 0.2, 0));
    }
}
