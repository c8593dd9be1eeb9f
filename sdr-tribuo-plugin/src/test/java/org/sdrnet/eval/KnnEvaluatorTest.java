package org.sdrnet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class KnnEvaluatorTest {

    @Test
    void wellSeparatedClustersAreClassifiedPerfectly() {
        Synthetic train = Synthetic.clusters(5, 60, 32, 12.0, 1);
        Synthetic test = Synthetic.clusters(5, 20, 32, 12.0, 2);
        KnnResult result = KnnEvaluator.defaults().evaluate(train.x, train.y, test.x, test.y);
        assertEquals(1.0, result.accuracy());
        assertArrayEquals(test.y, result.predictions());
    }

    @Test
    void noiseWithRandomLabelsScoresNearChance() {
        Synthetic train = Synthetic.noise(10, 1000, 32, 3);
        Synthetic test = Synthetic.noise(10, 600, 32, 4);
        double acc = KnnEvaluator.defaults().evaluate(train.x, train.y, test.x, test.y).accuracy();
        // Chance is 0.10; the binomial standard deviation over 600 test rows is about 0.012.
        assertTrue(acc > 0.04 && acc < 0.17, "accuracy " + acc + " should be near chance (0.10)");
    }

    /**
     * One class-0 point at cosine 1 from the query against two class-1 points at cosine 0.5 (k = 3; a fourth,
     * opposite point must not be picked). Weighted: class 0 wins iff e^(1/T) > 2 e^(0.5/T), i.e.
     * T < 0.5 / ln 2 ≈ 0.721. A plain majority vote would say class 1.
     */
    @Test
    void temperatureWeightedVoteBeatsMajorityByHand() {
        double c = Math.cos(Math.toRadians(60));
        double s = Math.sin(Math.toRadians(60));
        // Magnitudes differ on purpose: cosine similarity ignores them.
        float[][] train = {
                {5f, 0f},
                {(float) (0.5 * c), (float) (0.5 * s)},
                {(float) (2 * c), (float) (-2 * s)},
                {-1f, 0f},
        };
        int[] labels = {0, 1, 1, 1};
        float[][] query = {{3f, 0f}};
        assertEquals(0, new KnnEvaluator(3, 0.07).predict(train, labels, query)[0]);
        assertEquals(0, new KnnEvaluator(3, 0.70).predict(train, labels, query)[0]);
        assertEquals(1, new KnnEvaluator(3, 0.75).predict(train, labels, query)[0]);
        assertEquals(1, new KnnEvaluator(3, 100).predict(train, labels, query)[0]);
        // With k = 4 the opposite point joins class 1's vote but weighs e^(-1/T): class 0 still wins at T = 0.07.
        assertEquals(0, new KnnEvaluator(4, 0.07).predict(train, labels, query)[0]);
    }

    @Test
    void neighbourSearchMatchesBruteForce() {
        // Sizes that are not multiples of the tile (256), the test block (64) or the 4-row kernel.
        Synthetic train = Synthetic.noise(3, 601, 24, 5);
        Synthetic test = Synthetic.noise(3, 131, 24, 6);
        int k = 9;
        CosineNeighbours.Result got = CosineNeighbours.search(train.x, test.x, k);
        int checkedRows = 0;
        for (int i = 0; i < test.x.length; i++) {
            double[] sims = new double[train.x.length];
            for (int j = 0; j < train.x.length; j++) {
                sims[j] = cosine(test.x[i], train.x[j]);
            }
            Integer[] order = IntStream.range(0, sims.length).boxed()
                    .sorted(Comparator.comparingDouble(j -> -sims[j])).toArray(Integer[]::new);
            for (int r = 0; r < k; r++) {
                assertEquals(sims[order[r]], got.similarity(i, r), 1e-5, "row " + i + " rank " + r);
            }
            // Compare neighbour sets only where float rounding cannot swap the k-th and (k+1)-th.
            if (sims[order[k - 1]] - sims[order[k]] > 1e-4) {
                Set<Integer> expected = Arrays.stream(order, 0, k).collect(Collectors.toSet());
                Set<Integer> actual = new HashSet<>();
                for (int r = 0; r < k; r++) {
                    actual.add(got.index(i, r));
                }
                assertEquals(expected, actual, "row " + i);
                checkedRows++;
            }
        }
        assertTrue(checkedRows > 100, "too few rows compared: " + checkedRows);
    }

    @Test
    void zeroVectorsDoNotProduceNaN() {
        float[][] train = {{0f, 0f}, {1f, 0f}, {0f, 1f}};
        int[] labels = {0, 1, 2};
        CosineNeighbours.Result r = CosineNeighbours.search(train, new float[][] {{0f, 0f}, {2f, 0.1f}}, 3);
        for (float s : r.similarities()) {
            assertTrue(Float.isFinite(s));
        }
        assertEquals(1, new KnnEvaluator(3, 0.07).predict(train, labels, new float[][] {{2f, 0.1f}})[0]);
    }

    @Test
    void crossValidationOnClustersAndNoise() {
        Synthetic clusters = Synthetic.clusters(4, 40, 16, 12.0, 7);
        KnnEvaluator knn = KnnEvaluator.defaults();
        assertEquals(1.0, knn.crossValidatedAccuracy(clusters.x, clusters.y, 11L));
        Synthetic noise = Synthetic.noise(4, 400, 16, 8);
        double acc = knn.crossValidatedAccuracy(noise.x, noise.y, 5, 11L);
        assertTrue(acc > 0.15 && acc < 0.35, "cross-validated accuracy " + acc + " should be near chance (0.25)");
        assertEquals(acc, knn.crossValidatedAccuracy(noise.x, noise.y, 5, 11L), "same seed, same result");
    }

    @Test
    void badInputIsRejectedWithANamedProblem() {
        KnnEvaluator knn = new KnnEvaluator(2, 0.07);
        float[][] x = {{1f, 0f}, {0f, 1f}, {1f, 1f}};
        int[] y = {0, 1, 1};
        assertMessage("test labels has 2 labels for 3", () -> knn.evaluate(x, y, x, new int[] {0, 1}));
        assertMessage("2 labels for 3", () -> knn.predict(x, new int[] {0, 1}, x));
        assertMessage("no rows", () -> knn.predict(new float[0][], new int[0], x));
        assertMessage("is NaN", () -> knn.predict(x, y, new float[][] {{Float.NaN, 0f}}));
        assertMessage("row 1 has 3 values", () -> knn.predict(new float[][] {{1f, 0f}, {1f, 0f, 0f}}, new int[] {0, 1}, x));
        assertMessage("test features have 3", () -> knn.predict(x, y, new float[][] {{1f, 0f, 0f}}));
        assertMessage("negative", () -> knn.predict(x, new int[] {0, -1, 1}, x));
        assertMessage("k = 5", () -> new KnnEvaluator(5, 0.07).predict(x, y, x));
        assertMessage("temperature", () -> new KnnEvaluator(20, 0));
        assertMessage("k >= 1", () -> new KnnEvaluator(0, 0.07));
        assertMessage("folds", () -> knn.crossValidatedAccuracy(x, y, 1, 0L));
    }

    static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int p = 0; p < a.length; p++) {
            dot += (double) a[p] * b[p];
            na += (double) a[p] * a[p];
            nb += (double) b[p] * b[p];
        }
        return dot / Math.sqrt(na * nb);
    }
}
