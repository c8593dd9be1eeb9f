package org.sdrnet.route;

import org.sdrnet.eval.CrossValidation;
import org.sdrnet.eval.LinearProbe;
import org.sdrnet.eval.LinearProbeSettings;
import org.sdrnet.spi.TransferScore;

/**
 * The {@code linear-cv} transfer score: k-fold cross-validated linear-probe accuracy on the task's <b>training</b>
 * split, with the probe used as the evaluation uses it (C chosen over the evaluation's own grid on a hold-out, then
 * one fit per fold at that C; {@link LinearProbe#crossValidate}). Unlike {@code linear}, which reports the best of
 * seven hold-out accuracies (a maximum, biased upwards and noisy), it scores every training row once; its per-fold
 * accuracies let routing's conservative rule compare a sub-net with the unified model fold by fold. Cost: seven
 * tuning fits and k fold fits per candidate.
 */
public final class LinearCvScore implements TransferScore {
    public static final String NAME = "linear-cv";
    /** Folds [our choice], as the kNN score. */
    public static final int DEFAULT_FOLDS = 5;

    private final LinearProbeSettings settings;
    private final int folds;

    /** ServiceLoader constructor: {@link LinearProbeSettings#defaults()}, 5 folds. */
    public LinearCvScore() {
        this(LinearProbeSettings.defaults(), DEFAULT_FOLDS);
    }

    public LinearCvScore(LinearProbeSettings settings, int folds) {
        if (settings == null) {
            throw new IllegalArgumentException("linear-cv score needs probe settings");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("linear-cv score needs at least 2 folds, got " + folds);
        }
        this.settings = settings;
        this.folds = folds;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return folds + "-fold cross-validated accuracy of the linear probe (C tuned as the evaluation does) on the training split";
    }

    @Override
    public double score(float[][] features, int[] labels, int numClasses, long seed) {
        return scoreWithFolds(features, labels, numClasses, seed).score();
    }

    @Override
    public Scored scoreWithFolds(float[][] features, int[] labels, int numClasses, long seed) {
        ScoreInputs.check(NAME, features, labels, numClasses);
        CrossValidation cv = new LinearProbe(settings.withSeed(seed))
                .crossValidate(features, labels, Math.min(folds, features.length));
        return new Scored(cv.pooledAccuracy(), cv.foldAccuracies());
    }

    @Override
    public String toString() {
        return "LinearCvScore[folds=" + folds + ", " + settings + "]";
    }
}
