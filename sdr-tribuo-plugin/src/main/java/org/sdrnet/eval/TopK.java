package org.sdrnet.eval;

/**
 * Keeps the {@code k} largest scores offered so far, with their indices, in a min-heap of primitive arrays:
 * O(log k) per accepted score and no sorting of the full candidate list. A score equal to the current k-th
 * best does not displace it, so among ties the candidate offered first wins (deterministic when candidates
 * are offered in index order).
 */
final class TopK {
    private final float[] scores;
    private final int[] indices;
    private int size;

    TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        scores = new float[k];
        indices = new int[k];
    }

    /** Offers candidate {@code index} with {@code score}. */
    void offer(float score, int index) {
        if (size < scores.length) {
            int i = size++;
            // Sift up: parents hold smaller scores.
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!worse(score, index, scores[parent], indices[parent])) {
                    break;
                }
                scores[i] = scores[parent];
                indices[i] = indices[parent];
                i = parent;
            }
            scores[i] = score;
            indices[i] = index;
        } else if (score > scores[0]) {
            siftDown(score, index);
        }
    }

    /** The score a candidate must beat to enter once the heap is full (negative infinity before that). */
    float threshold() {
        return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
    }

    int size() {
        return size;
    }

    /**
     * Writes the kept candidates best first into {@code outIndices}/{@code outScores} starting at
     * {@code offset}; ties in score are ordered by index.
     */
    void drainSorted(int[] outIndices, float[] outScores, int offset) {
        // Insertion sort: k is small (20 by default).
        for (int i = 0; i < size; i++) {
            float s = scores[i];
            int idx = indices[i];
            int j = offset + i - 1;
            while (j >= offset && better(s, idx, outScores[j], outIndices[j])) {
                outScores[j + 1] = outScores[j];
                outIndices[j + 1] = outIndices[j];
                j--;
            }
            outScores[j + 1] = s;
            outIndices[j + 1] = idx;
        }
    }

    private void siftDown(float score, int index) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                break;
            }
            int child = left;
            int right = left + 1;
            if (right < size && worse(scores[right], indices[right], scores[left], indices[left])) {
                child = right;
            }
            if (!worse(scores[child], indices[child], score, index)) {
                break;
            }
            scores[i] = scores[child];
            indices[i] = indices[child];
            i = child;
        }
        scores[i] = score;
        indices[i] = index;
    }

    /** Heap order: a lower score is worse; among equal scores the later (larger) index is worse. */
    private static boolean worse(float s1, int i1, float s2, int i2) {
        return s1 < s2 || (s1 == s2 && i1 > i2);
    }

    private static boolean better(float s1, int i1, float s2, int i2) {
        return s1 > s2 || (s1 == s2 && i1 < i2);
    }
}
