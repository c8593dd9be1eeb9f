package org.sdrnet.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplingTest {
    /** 30 of class 0, 60 of class 1, 10 of class 2, interleaved. */
    static int[] labels() {
        int[] l = new int[100];
        for (int i = 0; i < 100; i++) {
            l[i] = i % 10 == 0 ? 2 : (i % 3 == 0 ? 0 : 1);
        }
        return l;
    }

    /** Classes of the given sizes, their members interleaved (0, 1, 2, …, 0, 1, …). */
    static int[] interleaved(int... sizes) {
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

    private static int[] histogram(int[] labels, int[] idx, int k) {
        int[] h = new int[k];
        for (int i : idx) {
            h[labels[i]]++;
        }
        return h;
    }

    @Test
    void stratifiedSubsetKeepsProportionsAndIsSeeded() {
        int[] l = labels();
        int[] base = histogram(l, java.util.stream.IntStream.range(0, 100).toArray(), 3);
        int[] s = Sampling.stratified(l, 3, 20, new Random(1));
        assertEquals(20, s.length);
        int[] h = histogram(l, s, 3);
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(h[c] - base[c] / 5.0) < 1.0, "class " + c + ": " + h[c] + " of " + base[c]);
        }
        assertArrayEquals(s, Sampling.stratified(l, 3, 20, new Random(1)));
        assertFalse(Arrays.equals(s, Sampling.stratified(l, 3, 20, new Random(2))));
        assertEquals(100, Sampling.stratified(l, 3, 500, new Random(1)).length);
    }

    @Test
    void perClassCapsEachClass() {
        int[] l = labels();
        assertArrayEquals(new int[] {15, 15, 10}, histogram(l, Sampling.perClass(l, 3, 15, new Random(3)), 3));
    }

    @Test
    void stratifiedSplitPartitions() {
        int[] l = labels();
        int[][] s = Sampling.stratifiedSplit(l, 3, 0.5, new Random(4));
        assertEquals(50, s[0].length);
        int[] all = java.util.stream.IntStream.concat(Arrays.stream(s[0]), Arrays.stream(s[1])).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), all);
        int[] h = histogram(l, s[0], 3);
        int[] full = histogram(l, all, 3);
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(2 * h[c] - full[c]) <= 1, "class " + c);
        }
    }

    @Test
    void holdOutPerClassRoundsEveryClassOnItsOwn() {
        int[] l = labels();
        int[][] s = Sampling.holdOutPerClass(l, 3, 0.3, new Random(6));
        assertArrayEquals(new int[] {9, 18, 3}, histogram(l, s[1], 3), "round(0.3 n) of each class to test");
        int[] all = java.util.stream.IntStream.concat(Arrays.stream(s[0]), Arrays.stream(s[1])).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), all);
        assertArrayEquals(s[1], Sampling.holdOutPerClass(l, 3, 0.3, new Random(6))[1]);
        // A class of two keeps one on each side; a class of one stays in train.
        int[] small = {0, 0, 1};
        int[][] tiny = Sampling.holdOutPerClass(small, 2, 0.1, new Random(1));
        assertEquals(1, tiny[1].length);
        assertEquals(0, small[tiny[1][0]]);
        assertTrue(Arrays.stream(tiny[0]).anyMatch(i -> i == 2));
    }

    @Test
    void subsetsChooseOnlyAmongTheGivenIndices() {
        int[] l = labels();
        int[] even = java.util.stream.IntStream.range(0, 50).map(i -> 2 * i).toArray();
        int[] capped = Sampling.perClass(even, l, 3, 5, new Random(7));
        assertArrayEquals(new int[] {5, 5, 5}, histogram(l, capped, 3));
        assertTrue(Arrays.stream(capped).allMatch(i -> i % 2 == 0));
        int[] part = Sampling.stratified(even, l, 3, 10, new Random(8));
        assertEquals(10, part.length);
        assertTrue(Arrays.stream(part).allMatch(i -> i % 2 == 0));
        assertArrayEquals(even, Sampling.stratified(even, l, 3, 50, new Random(8)), "all of them when total covers them");
    }

    @Test
    void permutationDrawsWhatCollectionsShuffleDraws() {
        java.util.List<Integer> list = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 40).boxed().toList());
        java.util.Collections.shuffle(list, new Random(9));
        assertArrayEquals(list.stream().mapToInt(Integer::intValue).toArray(), Sampling.permutation(40, new Random(9)));
    }

    @Test
    void foldsPartitionAndSpreadEveryClass() {
        int[] l = labels();
        int[][] folds = Sampling.stratifiedFolds(l, 3, 5, new Random(5));
        assertEquals(5, folds.length);
        int[] all = Arrays.stream(folds).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), all);
        for (int[] f : folds) {
            assertEquals(20, f.length);
            assertArrayEquals(new int[] {6, 12, 2}, histogram(l, f, 3));
        }
    }

    @Test
    void complementAndRngPurposes() {
        assertArrayEquals(new int[] {0, 2, 4}, Sampling.complement(5, new int[] {3, 1, 3}));
        assertEquals(Sampling.rng(7, "P1").nextLong(), Sampling.rng(7, "P1").nextLong());
        assertTrue(Sampling.rng(7, "P1").nextLong() != Sampling.rng(7, "D1").nextLong());
        assertTrue(Sampling.rng(7, "P1").nextLong() != Sampling.rng(8, "P1").nextLong());
    }

    @Test
    void foldsOfUnevenClassesDifferByAtMostOneInSizeAndPerClass() {
        int[] y = interleaved(23, 11, 7, 2);
        int[][] folds = Sampling.stratifiedFolds(y, 4, 5, new SplittableRandom(42));
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
        int[] y = interleaved(23, 11, 7, 2);
        assertTrue(Arrays.deepEquals(Sampling.stratifiedFolds(y, 4, 5, new SplittableRandom(1)),
                Sampling.stratifiedFolds(y, 4, 5, new SplittableRandom(1))));
        assertFalse(Arrays.deepEquals(Sampling.stratifiedFolds(y, 4, 5, new SplittableRandom(1)),
                Sampling.stratifiedFolds(y, 4, 5, new SplittableRandom(2))));
    }

    @Test
    void validationSplitTakesTheFractionOfEveryClass() {
        int[] y = interleaved(23, 11, 7, 2);
        int[][] h = Sampling.validationSplit(y, 4, 0.2, new SplittableRandom(9));
        // round(0.2 × size), at least one when the class has two: 23 → 5, 11 → 2, 7 → 1, 2 → 1.
        assertArrayEquals(new int[] {5, 2, 1, 1}, histogram(y, h[1], 4));
        int[] all = java.util.stream.IntStream.concat(Arrays.stream(h[0]), Arrays.stream(h[1])).sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, y.length).toArray(), all);
        // Unlike holdOutPerClass, a class of one stays in train even when the fraction rounds it to test.
        int[] single = {0, 0, 1};
        assertTrue(Arrays.stream(Sampling.holdOutPerClass(single, 2, 0.5, new Random(1))[1]).anyMatch(i -> i == 2));
        assertTrue(Arrays.stream(Sampling.validationSplit(single, 2, 0.5, new SplittableRandom(1))[0])
                .anyMatch(i -> i == 2));
    }

    @Test
    void badInput() {
        assertMessage("cannot make 5 folds from 3", () -> Sampling.stratifiedFolds(new int[] {0, 1, 0}, 2, 5, new Random(0)));
        assertMessage("at least 2 folds", () -> Sampling.stratifiedFolds(new int[] {0, 1, 0}, 2, 1, new Random(0)));
        assertMessage("fraction", () -> Sampling.validationSplit(new int[] {0, 0, 1, 1}, 2, 1.0, new Random(0)));
        assertMessage("no class has two", () -> Sampling.validationSplit(new int[] {0, 1, 2}, 3, 0.2, new Random(0)));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
