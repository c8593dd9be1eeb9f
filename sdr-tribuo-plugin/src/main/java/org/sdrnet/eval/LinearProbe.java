package org.sdrnet.eval;

import org.sdrnet.data.Sampling;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;
import org.tribuo.classification.liblinear.LinearClassificationType;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Linear probe on frozen features, following the transfer protocol of t-ReX (Sariyildiz et al., "No Reason
 * for No Supervision: Improved Generalization in Supervised Models", ICLR 2023): L2-regularised logistic
 * regression (Tribuo's LIBLINEAR trainer, {@code L2R_LR}), the cost C tuned on a stratified per-class
 * validation split of the probe-train set, then refitted on all of it with the chosen C and scored on the
 * test set. Features are standardised with training statistics by default [our choice].
 * <p>
 * Grid points are fitted in parallel; results do not depend on the thread schedule.
 */
public final class LinearProbe {

    /** The outcome of tuning C on a validation split of a training set. */
    public record Tuning(double bestCost, Map<Double, Double> validationAccuracy) {
        public Tuning {
            validationAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(validationAccuracy));
        }

        /** The validation accuracy of the chosen cost. */
        public double bestAccuracy() {
            return validationAccuracy.get(bestCost);
        }
    }

    private final LinearProbeSettings settings;

    public LinearProbe(LinearProbeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A probe with {@link LinearProbeSettings#defaults()}. */
    public static LinearProbe defaults() {
        return new LinearProbe(LinearProbeSettings.defaults());
    }

    public LinearProbeSettings settings() {
        return settings;
    }

    /** Tunes C on the training set, refits on all of it and scores the test set. */
    public LinearProbeResult evaluate(float[][] trainFeatures, int[] trainLabels, float[][] testFeatures,
                                      int[] testLabels) {
        int d = FeatureChecks.checkFeatures("train features", trainFeatures);
        FeatureChecks.checkLabels("train labels", trainLabels, trainFeatures.length);
        FeatureChecks.checkSameDimension(d, FeatureChecks.checkFeatures("test features", testFeatures));
        FeatureChecks.checkLabels("test labels", testLabels, testFeatures.length);
        Tuning tuning = tune(trainFeatures, trainLabels);
        int[] all = IntStream.range(0, trainFeatures.length).toArray();
        int[] predictions = fitAndPredict(trainFeatures, trainLabels, all, testFeatures, tuning.bestCost());
        return new LinearProbeResult(FeatureChecks.accuracy(predictions, testLabels), tuning.bestCost(),
                tuning.validationAccuracy(), predictions);
    }

    /**
     * Chooses C by validation accuracy on a stratified hold-out of the training set. Ties go to the smaller C
     * (stronger regularisation) [our choice]. Routing can use the best validation accuracy as a transfer score
     * without touching any test data.
     */
    public Tuning tune(float[][] features, int[] labels) {
        FeatureChecks.checkFeatures("train features", features);
        int numClasses = FeatureChecks.checkLabels("train labels", labels, features.length);
        int[][] split = Sampling.validationSplit(labels, numClasses, settings.validationFraction(),
                new SplittableRandom(settings.seed()));
        float[][] validation = Rows.of(features, split[1]);
        int[] validationLabels = Rows.of(labels, split[1]);
        List<Double> costs = settings.costs();
        double[] accuracy = new double[costs.size()];
        IntStream.range(0, costs.size()).parallel().forEach(i -> accuracy[i] = FeatureChecks.accuracy(
                fitAndPredict(features, labels, split[0], validation, costs.get(i)), validationLabels));
        Map<Double, Double> byCost = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < costs.size(); i++) {
            byCost.put(costs.get(i), accuracy[i]);
            boolean better = accuracy[i] > accuracy[best]
                    || (accuracy[i] == accuracy[best] && costs.get(i) < costs.get(best));
            if (better) {
                best = i;
            }
        }
        return new Tuning(costs.get(best), byCost);
    }

    /**
     * Linear-probe accuracy per fold of a {@code folds}-fold stratified cross-validation, used as the evaluation
     * uses the probe: C is chosen once by {@link #tune} on all rows, then each fold is predicted by a probe fitted
     * at that C on the other folds. Folds are drawn from the settings' seed, so two feature sets of the same images
     * are validated on the same folds.
     */
    public CrossValidation crossValidate(float[][] features, int[] labels, int folds) {
        FeatureChecks.checkFeatures("train features", features);
        int numClasses = FeatureChecks.checkLabels("train labels", labels, features.length);
        double cost = tune(features, labels).bestCost();
        int[][] parts = Sampling.stratifiedFolds(labels, numClasses, folds, new SplittableRandom(settings.seed()));
        int[] correct = new int[parts.length];
        int[] rows = new int[parts.length];
        IntStream.range(0, parts.length).parallel().forEach(f -> {
            int[] predicted = fitAndPredict(features, labels, Sampling.complement(features.length, parts[f]),
                    Rows.of(features, parts[f]), cost);
            for (int t = 0; t < predicted.length; t++) {
                if (predicted[t] == labels[parts[f][t]]) {
                    correct[f]++;
                }
            }
            rows[f] = parts[f].length;
        });
        return new CrossValidation(correct, rows);
    }

    /** Fits on rows {@code trainIdx} with cost {@code cost} and predicts every row of {@code queries}. */
    private int[] fitAndPredict(float[][] x, int[] y, int[] trainIdx, float[][] queries, double cost) {
        float[][] trainRows = Rows.of(x, trainIdx);
        if (distinctLabels(y, trainIdx) < 2) {
            throw new IllegalArgumentException("linear probe needs at least two classes among its "
                    + trainIdx.length + " training rows");
        }
        Standardizer standardizer = settings.standardize() ? Standardizer.fit(trainRows)
                : Standardizer.identity(trainRows[0].length);
        String[] names = TribuoFeatures.featureNames(trainRows[0].length);
        List<Example<Label>> trainExamples = TribuoFeatures.examples(x, y, trainIdx, standardizer, names);
        LibLinearClassificationTrainer trainer = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearType.L2R_LR), cost, settings.maxIterations(),
                settings.tolerance(), settings.seed());
        Model<Label> model = trainer.train(TribuoFeatures.dataset(trainExamples, "linear-probe train, C=" + cost));
        int[] all = IntStream.range(0, queries.length).toArray();
        List<Prediction<Label>> predictions = model.predict(
                TribuoFeatures.examples(queries, null, all, standardizer, names));
        int[] out = new int[queries.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = TribuoFeatures.classIndex(predictions.get(i).getOutput());
        }
        return out;
    }

    private static int distinctLabels(int[] y, int[] idx) {
        return (int) Arrays.stream(idx).map(i -> y[i]).distinct().count();
    }

    @Override
    public String toString() {
        return "LinearProbe" + settings;
    }
}
