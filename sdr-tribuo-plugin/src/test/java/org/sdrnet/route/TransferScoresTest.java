package org.sdrnet.route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TransferScore;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three registered transfer scores on features with a known answer, and their input checks. */
class TransferScoresTest {

    @Test
    void allThreeScoresAreRegisteredAndFoundByName() {
        // the test class path adds a provider of its own (ServicesTest): the built-in three must all be there
        assertTrue(Services.all(TransferScore.class).stream().map(TransferScore::name).toList().containsAll(List.of("knn", "linear", "linear-cv", "logme")));
        assertInstanceOf(LinearCvScore.class, Services.find(TransferScore.class, "linear-cv"));
        assertInstanceOf(KnnScore.class, Services.find(TransferScore.class, "KNN"));
        assertInstanceOf(LinearScore.class, Services.find(TransferScore.class, "linear"));
        assertInstanceOf(LogMeScore.class, Services.find(TransferScore.class, " logme "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Services.find(TransferScore.class, "hscore"));
        assertTrue(e.getMessage().contains("'hscore'") && e.getMessage().contains("available: ") && e.getMessage().contains("knn, linear, linear-cv, logme"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "linear", "linear-cv", "logme"})
    void featuresThatSeparateTheClassesScoreHigherThanNoise(String name) {
        TransferScore score = Services.find(TransferScore.class, name);
        int[] y = ScoreData.labels(4, 120);
        double good = score.score(ScoreData.separating(y, 16, 4.0, 1), y, 4, 7);
        double weak = score.score(ScoreData.separating(y, 16, 1.0, 1), y, 4, 7);
        double noise = score.score(ScoreData.noise(y.length, 16, 1), y, 4, 7);
        assertTrue(good > weak && weak > noise, name + ": separated " + good + ", weakly separated " + weak + ", noise " + noise);
        if (!name.equals("logme")) {
            assertTrue(good > 0.9 && noise < 0.5, name + " accuracies: " + good + " vs " + noise);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "linear", "linear-cv", "logme"})
    void scoresAreDeterministicForASeed(String name) {
        TransferScore score = Services.find(TransferScore.class, name);
        int[] y = ScoreData.labels(3, 60);
        float[][] x = ScoreData.separating(y, 8, 1.5, 3);
        assertEquals(score.score(x, y, 3, 11), score.score(x, y, 3, 11));
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn", "linear-cv"})
    void crossValidatedScoresReportEveryFoldOnFoldsThatDependOnlyOnSeedAndLabels(String name) {
        TransferScore score = Services.find(TransferScore.class, name);
        int[] y = ScoreData.labels(3, 90);
        float[][] good = ScoreData.separating(y, 8, 3.0, 3);
        float[][] weak = ScoreData.separating(y, 8, 0.7, 4);
        TransferScore.Scored a = score.scoreWithFolds(good, y, 3, 11);
        TransferScore.Scored b = score.scoreWithFolds(weak, y, 3, 11);
        assertEquals(5, a.folds().length);
        // every fold holds 18 rows (90 rows, 3 classes of 30, stratified): the pooled accuracy is the fold mean
        assertEquals(java.util.Arrays.stream(a.folds()).average().orElseThrow(), a.score(), 1e-12);
        assertEquals(score.score(good, y, 3, 11), a.score(), 1e-12);
        for (int f = 0; f < 5; f++) {
            assertTrue(a.folds()[f] >= 0 && a.folds()[f] <= 1 && a.folds()[f] * 18 == Math.rint(a.folds()[f] * 18),
                    name + " fold " + f + ": " + a.folds()[f] + " is not a count of 18 rows");
        }
        assertTrue(a.score() > b.score(), name + ": " + a.score() + " vs " + b.score());
        // the same folds for another feature set: a fold that swaps in the weak rows of one class changes only there
        assertEquals(java.util.Arrays.toString(a.folds()), java.util.Arrays.toString(score.scoreWithFolds(good, y, 3, 11).folds()));
    }

    @Test
    void scoresWithoutFoldsReportNone() {
        int[] y = ScoreData.labels(2, 40);
        float[][] x = ScoreData.separating(y, 4, 2.0, 5);
        for (String name : List.of("linear", "logme")) {
            TransferScore.Scored s = Services.find(TransferScore.class, name).scoreWithFolds(x, y, 2, 3);
            assertEquals(0, s.folds().length, name);
        }
    }

    @Test
    void knnLowersKToFitTinyTasks() {
        KnnScore knn = new KnnScore();
        assertEquals(20, knn.effectiveK(200));
        assertEquals(20, knn.effectiveK(25));    // folds of 5, training parts of 20
        assertEquals(8, knn.effectiveK(10));     // folds of 2, training parts of 8
        assertEquals(3, knn.effectiveK(4));      // 4 folds of 1, training parts of 3
        int[] y = ScoreData.labels(2, 10);
        double acc = knn.score(ScoreData.separating(y, 4, 6.0, 5), y, 2, 1);
        assertEquals(1.0, acc, 1e-12, "10 well separated rows are all classified correctly with k = 8");
    }

    @Test
    void badInputIsAnErrorNamingTheProblem() {
        int[] y = ScoreData.labels(2, 10);
        float[][] x = ScoreData.noise(10, 3, 1);
        for (String name : List.of("knn", "linear", "linear-cv", "logme")) {
            TransferScore s = Services.find(TransferScore.class, name);
            assertMessage(s.name() + " score: label 2 of row 3", () -> s.score(x, withLabel(y, 3, 2), 2, 0));
            assertMessage("needs rows of at least 2 classes", () -> s.score(x, new int[10], 2, 0));
            assertMessage("3 labels for 10 feature rows", () -> s.score(x, new int[3], 2, 0));
            float[][] nan = ScoreData.noise(10, 3, 1);
            nan[4][1] = Float.NaN;
            assertMessage("feature row 4 value 1 is NaN", () -> s.score(nan, y, 2, 0));
            assertMessage("no feature rows", () -> s.score(new float[0][], new int[0], 2, 0));
        }
    }

    private static int[] withLabel(int[] y, int row, int label) {
        int[] out = y.clone();
        out[row] = label;
        return out;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
