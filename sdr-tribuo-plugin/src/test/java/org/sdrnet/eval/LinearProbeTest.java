package org.sdrnet.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class LinearProbeTest {

    @Test
    void linearlySeparableDataIsLearned() {
        Synthetic train = Synthetic.clusters(4, 50, 20, 8.0, 21);
        Synthetic test = Synthetic.clusters(4, 25, 20, 8.0, 22);
        LinearProbeResult r = LinearProbe.defaults().evaluate(train.x, train.y, test.x, test.y);
        assertTrue(r.testAccuracy() >= 0.98, "accuracy " + r.testAccuracy());
        assertEquals(test.y.length, r.predictions().length);
        assertEquals(r.testAccuracy(), FeatureChecks.accuracy(r.predictions(), test.y));
    }

    @Test
    void pureNoiseScoresNearChance() {
        Synthetic train = Synthetic.noise(4, 300, 20, 23);
        Synthetic test = Synthetic.noise(4, 400, 20, 24);
        double acc = LinearProbe.defaults().evaluate(train.x, train.y, test.x, test.y).testAccuracy();
        // Chance is 0.25; the binomial standard deviation over 400 test rows is about 0.022.
        assertTrue(acc > 0.15 && acc < 0.36, "accuracy " + acc + " should be near chance (0.25)");
    }

    @Test
    void chosenCostIsTheBestGridValueAndTiesGoToTheSmaller() {
        Synthetic train = Synthetic.clusters(3, 40, 10, 1.5, 25);
        Synthetic test = Synthetic.clusters(3, 20, 10, 1.5, 26);
        LinearProbeSettings settings = LinearProbeSettings.defaults();
        LinearProbeResult r = new LinearProbe(settings).evaluate(train.x, train.y, test.x, test.y);
        List<Double> grid = settings.costs();
        assertEquals(grid, new ArrayList<>(r.validationAccuracy().keySet()), "one validation score per grid value, in order");
        assertTrue(grid.contains(r.chosenCost()));
        double best = r.validationAccuracy().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double smallestBest = grid.stream().filter(c -> r.validationAccuracy().get(c) == best).findFirst().orElseThrow();
        assertEquals(smallestBest, r.chosenCost());
    }

    @Test
    void defaultGridIsSevenPowersOfTen() {
        List<Double> grid = LinearProbeSettings.defaults().costs();
        assertEquals(7, grid.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(Math.pow(10, i - 3), grid.get(i), 1e-12 * Math.pow(10, i - 3));
        }
    }

    @Test
    void standardisationMakesTheProbeScaleInvariant() {
        Synthetic train = Synthetic.clusters(3, 40, 10, 2.0, 27);
        Synthetic test = Synthetic.clusters(3, 20, 10, 2.0, 28);
        LinearProbe probe = new LinearProbe(LinearProbeSettings.defaults().withCosts(List.of(0.01, 1.0)));
        LinearProbeResult plain = probe.evaluate(train.x, train.y, test.x, test.y);
        LinearProbeResult scaled = probe.evaluate(scale(train.x, 1000f), train.y, scale(test.x, 1000f), test.y);
        assertArrayEquals(plain.predictions(), scaled.predictions());
        assertEquals(plain.chosenCost(), scaled.chosenCost());
    }

    @Test
    void featureNamesSortAsStringsInNumericOrder() {
        String[] names = TribuoFeatures.featureNames(12);
        assertEquals("emb-0007", names[7]);
        String[] sorted = names.clone();
        Arrays.sort(sorted);
        assertArrayEquals(names, sorted);
        assertEquals("emb-12344", TribuoFeatures.featureNames(12345)[12344]);
    }

    @Test
    void badInput() {
        Synthetic data = Synthetic.clusters(2, 10, 4, 5.0, 29);
        LinearProbe probe = LinearProbe.defaults();
        KnnEvaluatorTest.assertMessage("test labels", () -> probe.evaluate(data.x, data.y, data.x, new int[3]));
        KnnEvaluatorTest.assertMessage("train labels has 3 labels", () -> probe.evaluate(data.x, new int[3], data.x, data.y));
        KnnEvaluatorTest.assertMessage("at least two classes", () -> probe.evaluate(data.x, new int[data.x.length], data.x, data.y));
        KnnEvaluatorTest.assertMessage("positive", () -> LinearProbeSettings.defaults().withCosts(List.of(0.0)));
        KnnEvaluatorTest.assertMessage("at least one cost", () -> LinearProbeSettings.defaults().withCosts(List.of()));
        float[][] nan = Arrays.stream(data.x).map(float[]::clone).toArray(float[][]::new);
        nan[3][1] = Float.POSITIVE_INFINITY;
        KnnEvaluatorTest.assertMessage("row 3 value 1", () -> probe.evaluate(nan, data.y, data.x, data.y));
    }

    private static float[][] scale(float[][] x, float factor) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int p = 0; p < out[i].length; p++) {
                out[i][p] *= factor;
            }
        }
        return out;
    }
}
