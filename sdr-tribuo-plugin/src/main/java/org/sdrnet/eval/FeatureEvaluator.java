package org.sdrnet.eval;

import org.sdrnet.data.DownstreamTask;
import org.sdrnet.data.ImageSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Evaluates a feature extractor on a downstream task with the frozen-feature protocol of METHODS.md §0:
 * for every split, features of the train and test images are extracted, then the kNN classifier and/or the
 * tuned linear probe are fitted on train and scored on test; accuracies are averaged over splits.
 * This is the single entry point the CLI and the demo call.
 */
public final class FeatureEvaluator {

    /**
     * Which probes run, and with which settings.
     *
     * @param knn            run the weighted kNN classifier
     * @param linear         run the linear probe
     * @param knnEvaluator   kNN settings
     * @param linearSettings linear-probe settings
     */
    public record Protocol(boolean knn, boolean linear, KnnEvaluator knnEvaluator, LinearProbeSettings linearSettings) {
        public Protocol {
            if (!knn && !linear) {
                throw new IllegalArgumentException("evaluation protocol has both kNN and the linear probe switched off");
            }
            Objects.requireNonNull(knnEvaluator, "knnEvaluator");
            Objects.requireNonNull(linearSettings, "linearSettings");
        }

        /** Both probes with their default settings. */
        public static Protocol defaults() {
            return new Protocol(true, true, KnnEvaluator.defaults(), LinearProbeSettings.defaults());
        }

        public Protocol withKnn(boolean on) {
            return new Protocol(on, linear, knnEvaluator, linearSettings);
        }

        public Protocol withLinear(boolean on) {
            return new Protocol(knn, on, knnEvaluator, linearSettings);
        }
    }

    private final Function<ImageSet, float[][]> extractor;
    private final Protocol protocol;

    /**
     * @param extractor maps an image set to one feature row per image, in the set's order
     * @param protocol  which probes run
     */
    public FeatureEvaluator(Function<ImageSet, float[][]> extractor, Protocol protocol) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Evaluates every split of {@code task} and averages each metric over the splits. */
    public TaskEvaluation evaluate(DownstreamTask task) {
        Objects.requireNonNull(task, "task");
        KnnEvaluator knn = protocol.knnEvaluator();
        LinearProbe probe = new LinearProbe(protocol.linearSettings());
        List<SplitEvaluation> splits = new ArrayList<>();
        double knnSum = 0;
        double linearSum = 0;
        for (int s = 0; s < task.splits().size(); s++) {
            DownstreamTask.Split split = task.splits().get(s);
            requireTwoClasses(task, s, "training", split.train().labels());
            requireTwoClasses(task, s, "test", split.test().labels());
            float[][] trainX = extract(split.train());
            float[][] testX = extract(split.test());
            int[] trainY = split.train().labels();
            int[] testY = split.test().labels();
            KnnResult knnResult = null;
            LinearProbeResult linearResult = null;
            try {
                if (protocol.knn()) {
                    knnResult = knn.forTrainingRows(trainX.length).evaluate(trainX, trainY, testX, testY);
                    knnSum += knnResult.accuracy();
                }
                if (protocol.linear()) {
                    linearResult = probe.evaluate(trainX, trainY, testX, testY);
                    linearSum += linearResult.testAccuracy();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("task '" + task.id() + "' split " + s + ": " + e.getMessage(), e);
            }
            splits.add(new SplitEvaluation(s, knnResult, linearResult));
        }
        Map<String, Double> accuracy = new LinkedHashMap<>();
        if (protocol.knn()) {
            accuracy.put(TaskEvaluation.KNN, knnSum / splits.size());
        }
        if (protocol.linear()) {
            accuracy.put(TaskEvaluation.LINEAR, linearSum / splits.size());
        }
        return new TaskEvaluation(task.id(), task.description(), splits, accuracy);
    }

    /** Runs the extractor and checks it returned one row per image. */
    private float[][] extract(ImageSet set) {
        float[][] features = extractor.apply(set);
        if (features == null || features.length != set.size()) {
            throw new IllegalArgumentException("feature extractor returned " + (features == null ? "null" : features.length + " rows")
                    + " for image set '" + set.name() + "' of " + set.size() + " images");
        }
        return features;
    }

    @Override
    public String toString() {
        return "FeatureEvaluator" + protocol;
    }

    /** An accuracy over one class means nothing (every prediction is right): such a split is an error naming it. */
    private static void requireTwoClasses(DownstreamTask task, int split, String part, int[] labels) {
        long classes = Arrays.stream(labels).distinct().count();
        if (classes < 2) {
            throw new IllegalArgumentException("task " + task.id() + " split " + split + ": its " + part + " images hold "
                    + classes + " class; an accuracy needs at least 2");
        }
    }
}
