package org.sdrnet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void keepsTheLargestScoresBestFirst() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] scores = new float[500];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) rng.nextDouble();
        }
        TopK top = new TopK(7);
        for (int i = 0; i < scores.length; i++) {
            top.offer(scores[i], i);
        }
        int[] idx = new int[7];
        float[] got = new float[7];
        top.drainSorted(idx, got, 0);
        int[] expected = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
                .limit(7).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expected, idx);
        for (int r = 0; r < 7; r++) {
            assertEquals(scores[expected[r]], got[r]);
        }
    }

    @Test
    void tiesKeepTheEarlierIndexAndSortByIndex() {
        TopK top = new TopK(3);
        float[] scores = {0.5f, 0.9f, 0.5f, 0.5f, 0.9f, 0.1f};
        for (int i = 0; i < scores.length; i++) {
            top.offer(scores[i], i);
        }
        int[] idx = new int[3];
        float[] s = new float[3];
        top.drainSorted(idx, s, 0);
        assertArrayEquals(new int[] {1, 4, 0}, idx);
        assertArrayEquals(new float[] {0.9f, 0.9f, 0.5f}, s);
    }

    @Test
    void fewerCandidatesThanK() {
        TopK top = new TopK(5);
        top.offer(0.2f, 0);
        top.offer(0.8f, 1);
        int[] idx = new int[5];
        float[] s = new float[5];
        Arrays.fill(idx, -1);
        top.drainSorted(idx, s, 0);
        assertEquals(2, top.size());
        assertArrayEquals(new int[] {1, 0, -1, -1, -1}, idx);
    }

    @Test
    void rejectsKBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new TopK(0));
    }
}
