package org.sdrnet.route;

import org.sdrnet.eval.LinearProbe;
import org.sdrnet.eval.LinearProbeSettings;
import org.sdrnet.spi.TransferScore;

/**
 * The {@code linear} transfer score: the best validation accuracy of the linear probe's cost search
 * ({@link LinearProbe#tune}: Tribuo logistic regression, C tuned over 10^-3 … 10^3 on a stratified 20% per-class
 * hold-out of the <b>training</b> split; the t-ReX transfer protocol, Sariyildiz et al., ICLR 2023). It predicts the
 * final linear-probe accuracy most directly, at the price of seven LIBLINEAR fits per candidate.
 * The seed chooses the hold-out, so every candidate of one routing is validated on the same rows.
 */
public final class LinearScore implements TransferScore {
    public static final String NAME = "linear";

    private final LinearProbeSettings settings;

    /** ServiceLoader constructor: {@link LinearProbeSettings#defaults()}. */
    public LinearScore() {
        this(LinearProbeSettings.defaults());
    }

    public LinearScore(LinearProbeSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("linear score needs probe settings");
        }
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "best validation accuracy of a tuned logistic-regression probe on a hold-out of the training split";
    }

    @Override
    public double score(float[][] features, int[] labels, int numClasses, long seed) {
        ScoreInputs.check(NAME, features, labels, numClasses);
        return new LinearProbe(settings.withSeed(seed)).tune(features, labels).bestAccuracy();
    }

    @Override
    public String toString() {
        return "LinearScore" + settings;
    }
}
