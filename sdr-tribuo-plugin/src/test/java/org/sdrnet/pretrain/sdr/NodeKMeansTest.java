package org.sdrnet.pretrain.sdr;

import org.junit.jupiter.api.Test;
import org.sdrnet.data.Sampling;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarted k-means keeps the run with the least within-cluster sum of squares. */
class NodeKMeansTest {

    @Test
    void bestOfKeepsTheCheapestRestart() {
        // nine blobs for four clusters: many local optima, so single runs differ
        float[][] rows = UnitRows.normalise(TreeFixtures.blobs(9, 40, 8, 0.2, 5));
        int[] members = IntStream.range(0, rows.length).toArray();
        long seed = 11;
        double cheapest = Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int r = 0; r < 6; r++) {
            double c = NodeKMeans.sumOfSquares(rows, members,
                    NodeKMeans.centroids(rows, members, 4, 50, r == 0 ? seed : Sampling.mix(seed, r)));
            cheapest = Math.min(cheapest, c);
            worst = Math.max(worst, c);
        }
        assertTrue(worst > cheapest * 1.01, "the fixture must have distinct local optima (" + cheapest + " vs " + worst + ")");
        double best = NodeKMeans.sumOfSquares(rows, members, NodeKMeans.bestOf(rows, members, 4, 50, 6, seed));
        assertEquals(cheapest, best, 1e-9);
        double single = NodeKMeans.sumOfSquares(rows, members, NodeKMeans.bestOf(rows, members, 4, 50, 1, seed));
        assertTrue(best <= single);
    }

    @Test
    void restartsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TreeSettings.defaults(1).withRestarts(0));
        assertTrue(e.getMessage().contains("restarts must be at least 1, got 0"), e.getMessage());
    }
}
