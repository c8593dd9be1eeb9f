package org.sdrnet.data.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much of each real data set the catalog loads: {@code tiny} for tests, {@code small} for CPU demos,
 * {@code full} for the sizes of DATA.md. Entries apply these caps where a set is large enough; small sets
 * (DIGITS8, FACES, TEXTURE) are used whole.
 */
public enum Preset {
    TINY(200, 20, 200),
    SMALL(2_000, 100, 2_000),
    FULL(10_000, 1_000, Integer.MAX_VALUE);

    private final int poolPerDomain;
    private final int trainPerClass;
    private final int maxTest;

    Preset(int poolPerDomain, int trainPerClass, int maxTest) {
        this.poolPerDomain = poolPerDomain;
        this.trainPerClass = trainPerClass;
        this.maxTest = maxTest;
    }

    /** Images per pool domain (P1–P5). */
    public int poolPerDomain() { return poolPerDomain; }

    /** Upper bound on labeled training images per class for a downstream task. */
    public int trainPerClass() { return trainPerClass; }

    /** Upper bound on test images for a downstream task. */
    public int maxTest() { return maxTest; }

    /** Parses {@code tiny|small|full} (any case); an unknown name is an error listing the valid ones. */
    public static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; available: "
                + Arrays.stream(values()).map(Preset::id).collect(Collectors.joining(", ")));
    }

    /** The lower-case name used on the command line. */
    public String id() { return name().toLowerCase(Locale.ROOT); }
}
