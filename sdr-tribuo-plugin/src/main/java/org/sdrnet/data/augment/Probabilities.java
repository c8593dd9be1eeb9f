package org.sdrnet.data.augment;

import java.util.SplittableRandom;

/** Validation and sampling of the "apply with probability p" switches shared by the transforms. */
final class Probabilities {

    private Probabilities() {
    }

    /** Returns {@code p} when it is a probability, else throws naming the setting. */
    static double check(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + p);
        }
        return p;
    }

    /** True with probability {@code p}; always draws exactly one number, even for p = 0 or 1. */
    static boolean happens(double p, SplittableRandom random) {
        return random.nextDouble() < p;
    }
}
