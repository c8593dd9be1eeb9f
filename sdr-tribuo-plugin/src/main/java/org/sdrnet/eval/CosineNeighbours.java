package org.sdrnet.eval;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exact k-nearest-neighbour search by cosine similarity over float arrays, in plain Java.
 * <p>
 * Both sides are L2-normalised once; the similarity matrix is then a blocked matrix product: the training
 * rows are stored transposed in tiles that stay in cache while a block of test rows streams over them,
 * four test rows at a time so each loaded training value feeds four multiply-adds in a loop the JIT can
 * vectorise. Blocks of test rows run in parallel; each row keeps only its current top k in a {@link TopK}.
 * An all-zero feature vector stays zero (similarity 0 to everything) rather than becoming NaN.
 */
final class CosineNeighbours {

    /** Training rows per tile: d × 256 floats (256 KiB at d = 256) stay in a typical L2 cache. */
    private static final int TRAIN_TILE = 256;
    /** Test rows per parallel task. */
    private static final int TEST_BLOCK = 64;

    /**
     * The result of a search: for test row {@code i}, its neighbours are at positions
     * {@code i*k .. i*k+k-1} of both arrays, best first.
     */
    record Result(int k, int[] indices, float[] similarities) {
        int index(int row, int rank) {
            return indices[row * k + rank];
        }

        float similarity(int row, int rank) {
            return similarities[row * k + rank];
        }
    }

    private CosineNeighbours() {
    }

    /**
     * Finds the {@code k} most cosine-similar training rows of every test row. Inputs must already be
     * checked (rectangular, finite, equal dimension, k ≤ number of training rows).
     */
    static Result search(float[][] train, float[][] test, int k) {
        int n = train.length;
        int m = test.length;
        int d = train[0].length;
        float[][] tiles = transposedTiles(normalised(train), n, d);
        float[] queries = normalised(test);
        int[] indices = new int[m * k];
        float[] sims = new float[m * k];
        int blocks = (m + TEST_BLOCK - 1) / TEST_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int r0 = b * TEST_BLOCK;
            int r1 = Math.min(m, r0 + TEST_BLOCK);
            searchBlock(tiles, n, d, queries, r0, r1, k, indices, sims);
        });
        return new Result(k, indices, sims);
    }

    /** Rows {@code r0..r1-1} of the queries against every tile; writes their top-k lists. */
    private static void searchBlock(float[][] tiles, int n, int d, float[] queries, int r0, int r1, int k,
                                    int[] outIndices, float[] outSims) {
        int rows = r1 - r0;
        TopK[] heaps = new TopK[rows];
        for (int r = 0; r < rows; r++) {
            heaps[r] = new TopK(k);
        }
        float[] s0 = new float[TRAIN_TILE];
        float[] s1 = new float[TRAIN_TILE];
        float[] s2 = new float[TRAIN_TILE];
        float[] s3 = new float[TRAIN_TILE];
        for (int t = 0; t < tiles.length; t++) {
            float[] tile = tiles[t];
            int j0 = t * TRAIN_TILE;
            int width = Math.min(TRAIN_TILE, n - j0);
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                dot4(tile, width, d, queries, (r0 + r) * d, s0, s1, s2, s3);
                offerAll(heaps[r], s0, width, j0);
                offerAll(heaps[r + 1], s1, width, j0);
                offerAll(heaps[r + 2], s2, width, j0);
                offerAll(heaps[r + 3], s3, width, j0);
            }
            for (; r < rows; r++) {
                dot1(tile, width, d, queries, (r0 + r) * d, s0);
                offerAll(heaps[r], s0, width, j0);
            }
        }
        for (int r = 0; r < rows; r++) {
            heaps[r].drainSorted(outIndices, outSims, (r0 + r) * k);
        }
    }

    /** s_q[j] = query_q · train_j for four consecutive queries starting at {@code qOff}. */
    private static void dot4(float[] tile, int width, int d, float[] queries, int qOff,
                             float[] s0, float[] s1, float[] s2, float[] s3) {
        Arrays.fill(s0, 0, width, 0f);
        Arrays.fill(s1, 0, width, 0f);
        Arrays.fill(s2, 0, width, 0f);
        Arrays.fill(s3, 0, width, 0f);
        for (int p = 0; p < d; p++) {
            float a0 = queries[qOff + p];
            float a1 = queries[qOff + d + p];
            float a2 = queries[qOff + 2 * d + p];
            float a3 = queries[qOff + 3 * d + p];
            int base = p * width;
            for (int j = 0; j < width; j++) {
                float v = tile[base + j];
                s0[j] += a0 * v;
                s1[j] += a1 * v;
                s2[j] += a2 * v;
                s3[j] += a3 * v;
            }
        }
    }

    private static void dot1(float[] tile, int width, int d, float[] queries, int qOff, float[] s) {
        Arrays.fill(s, 0, width, 0f);
        for (int p = 0; p < d; p++) {
            float a = queries[qOff + p];
            int base = p * width;
            for (int j = 0; j < width; j++) {
                s[j] += a * tile[base + j];
            }
        }
    }

    private static void offerAll(TopK heap, float[] s, int width, int j0) {
        // Most candidates lose to the current k-th best; the threshold check skips the heap call for them.
        // Before the heap is full the threshold is negative infinity, so every candidate enters.
        float threshold = heap.threshold();
        for (int j = 0; j < width; j++) {
            if (s[j] > threshold) {
                heap.offer(s[j], j0 + j);
                threshold = heap.threshold();
            }
        }
    }

    /** Row-major copy of {@code x} with every row scaled to unit L2 norm (zero rows stay zero). */
    static float[] normalised(float[][] x) {
        int d = x[0].length;
        float[] out = new float[x.length * d];
        for (int i = 0; i < x.length; i++) {
            double sq = 0;
            for (float v : x[i]) {
                sq += (double) v * v;
            }
            double inv = sq > 0 ? 1.0 / Math.sqrt(sq) : 0.0;
            for (int p = 0; p < d; p++) {
                out[i * d + p] = (float) (x[i][p] * inv);
            }
        }
        return out;
    }

    /** Splits the normalised training rows into tiles of {@link #TRAIN_TILE} rows, each stored dimension-major. */
    private static float[][] transposedTiles(float[] rows, int n, int d) {
        int count = (n + TRAIN_TILE - 1) / TRAIN_TILE;
        float[][] tiles = new float[count][];
        for (int t = 0; t < count; t++) {
            int j0 = t * TRAIN_TILE;
            int width = Math.min(TRAIN_TILE, n - j0);
            float[] tile = new float[d * width];
            for (int j = 0; j < width; j++) {
                for (int p = 0; p < d; p++) {
                    tile[p * width + j] = rows[(j0 + j) * d + p];
                }
            }
            tiles[t] = tile;
        }
        return tiles;
    }
}
