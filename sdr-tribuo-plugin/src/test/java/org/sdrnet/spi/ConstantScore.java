package org.sdrnet.spi;

/** A transfer score registered only on the test class path, to prove a user's provider is discovered. */
public final class ConstantScore implements TransferScore {
    @Override
    public String name() {
        return "constant-test";
    }

    @Override
    public String description() {
        return "test provider: always 0.5";
    }

    @Override
    public double score(float[][] features, int[] labels, int numClasses, long seed) {
        return 0.5;
    }
}
