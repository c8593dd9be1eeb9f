package org.sdrnet.eval;

import org.junit.jupiter.api.Test;
import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureEvaluatorTest {

    private static final List<String> CLASSES = List.of("a", "b", "c", "d");

    /** 1×4×4 gray images: class c lights up pixel c, the other pixels are dim noise. */
    private static ImageSet images(String name, int perClass, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = perClass * CLASSES.size();
        byte[] pixels = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES.size();
            for (int p = 0; p < 16; p++) {
                pixels[i * 16 + p] = (byte) rng.nextInt(30);
            }
            pixels[i * 16 + labels[i]] = (byte) (200 + rng.nextInt(50));
        }
        return ImageSet.labeled(name, 1, 4, pixels, labels, CLASSES);
    }

    /** Pixels as features. */
    private static final Function<ImageSet, float[][]> PIXELS = set -> {
        float[][] x = new float[set.size()][16];
        for (int i = 0; i < set.size(); i++) {
            for (int p = 0; p < 16; p++) {
                x[i][p] = set.pixel(i, 0, p / 4, p % 4);
            }
        }
        return x;
    };

    private static DownstreamTask twoSplitTask() {
        return new DownstreamTask("T1", "toy", List.of(
                new DownstreamTask.Split(images("tr0", 10, 1), images("te0", 5, 2)),
                new DownstreamTask.Split(images("tr1", 10, 3), images("te1", 5, 4))));
    }

    @Test
    void aSplitWithOneClassIsRefusedRatherThanScoredPerfect() {
        ImageSet train = images("tr", 10, 1);
        ImageSet oneClass = train.subset("only-a", IntStream.range(0, train.size())
                .filter(i -> train.label(i) == 0).toArray());
        DownstreamTask task = new DownstreamTask("T2", "one class in test", List.of(new DownstreamTask.Split(train, oneClass)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FeatureEvaluator(PIXELS, FeatureEvaluator.Protocol.defaults()).evaluate(task));
        assertTrue(e.getMessage().contains("T2") && e.getMessage().contains("test images hold 1 class"), e.getMessage());
    }

    @Test
    void runsBothProbesOnEverySplitAndAverages() {
        FeatureEvaluator evaluator = new FeatureEvaluator(PIXELS, FeatureEvaluator.Protocol.defaults());
        TaskEvaluation e = evaluator.evaluate(twoSplitTask());
        assertEquals("T1", e.taskId());
        assertEquals(2, e.splits().size());
        assertEquals(Set.of(TaskEvaluation.KNN, TaskEvaluation.LINEAR), e.accuracy().keySet());
        for (SplitEvaluation s : e.splits()) {
            assertNotNull(s.knn());
            assertNotNull(s.linear());
        }
        double knnMean = (e.splits().get(0).knn().accuracy() + e.splits().get(1).knn().accuracy()) / 2;
        assertEquals(knnMean, e.accuracy().get(TaskEvaluation.KNN), 1e-12);
        assertEquals(1.0, e.accuracy().get(TaskEvaluation.KNN));
        assertEquals(1.0, e.accuracy().get(TaskEvaluation.LINEAR));
    }

    @Test
    void switchedOffProbesDoNotRun() {
        FeatureEvaluator knnOnly = new FeatureEvaluator(PIXELS, FeatureEvaluator.Protocol.defaults().withLinear(false));
        TaskEvaluation e = knnOnly.evaluate(twoSplitTask());
        assertEquals(Set.of(TaskEvaluation.KNN), e.accuracy().keySet());
        assertNull(e.splits().get(0).linear());
        assertThrows(IllegalArgumentException.class,
                () -> FeatureEvaluator.Protocol.defaults().withLinear(false).withKnn(false));
    }

    @Test
    void extractorReturningTheWrongRowCountIsReported() {
        FeatureEvaluator broken = new FeatureEvaluator(set -> new float[3][16], FeatureEvaluator.Protocol.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> broken.evaluate(twoSplitTask()));
        assertTrue(e.getMessage().contains("'tr0'") && e.getMessage().contains("3 rows"), e.getMessage());
    }

    @Test
    void aTrainingPartSmallerThanKVotesWithEveryTrainingImageAsRoutingDoes() {
        // 4 classes × 2 training images: fewer than k = 20 neighbours. Routing lowers k for such tasks; so does eval.
        DownstreamTask small = DownstreamTask.single("T2", "small", images("tr", 2, 5), images("te", 2, 6));
        TaskEvaluation e = new FeatureEvaluator(PIXELS, FeatureEvaluator.Protocol.defaults().withLinear(false)).evaluate(small);
        assertEquals(8, e.splits().get(0).knn().k());
        assertEquals(1.0, e.accuracy().get(TaskEvaluation.KNN));
        assertEquals(KnnEvaluator.DEFAULT_K, new FeatureEvaluator(PIXELS, FeatureEvaluator.Protocol.defaults())
                .evaluate(twoSplitTask()).splits().get(0).knn().k(), "40 training images: k stays 20");
    }

    @Test
    void probeErrorsNameTheTaskAndSplit() {
        Function<ImageSet, float[][]> nanOnTest = set -> {
            float[][] x = PIXELS.apply(set);
            if (set.name().startsWith("te")) {
                x[1][3] = Float.NaN;
            }
            return x;
        };
        FeatureEvaluator evaluator = new FeatureEvaluator(nanOnTest, FeatureEvaluator.Protocol.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(twoSplitTask()));
        assertTrue(e.getMessage().startsWith("task 'T1' split 0: test features"), e.getMessage());
    }
}
