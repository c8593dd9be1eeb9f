package org.sdrnet.nn;

import java.util.Arrays;

/**
 * The architecture of an SDR super-network (SDRnet, METHODS.md §1 item 1): a ResNet whose every stage-s
 * convolution is split into a shared part of {@code shared[s]} output channels and {@code groups} private groups of
 * {@code priv[s]} output channels each. A sub-net is a path (g_1 … g_L) choosing one private group per stage; it is
 * an ordinary ResNet of widths {@code shared[s] + priv[s]} ({@link #subnetSpec()}). The stem is fully shared.
 * Parameters grow with the number of groups, not with the number of paths (groups^stages).
 *
 * @param name    label
 * @param base    the plain ResNet every sub-net equals in shape (its widths are shared + private)
 * @param shared  shared output channels per stage
 * @param groups  private groups per stage (G)
 */
public record SdrSpec(String name, ResNetSpec base, int[] shared, int groups) {

    public SdrSpec {
        int[] w = base.widths();
        if (shared.length != w.length) {
            throw new IllegalArgumentException("SDR spec '" + name + "': shared widths " + Arrays.toString(shared)
                    + " need one entry per stage of " + base);
        }
        for (int s = 0; s < w.length; s++) {
            if (shared[s] < 0 || shared[s] >= w[s]) {
                throw new IllegalArgumentException("SDR spec '" + name + "': stage " + (s + 1) + " shares " + shared[s]
                        + " of " + w[s] + " channels; at least one channel must be private");
            }
        }
        if (groups < 1) {
            throw new IllegalArgumentException("SDR spec '" + name + "': groups must be at least 1, got " + groups);
        }
        shared = shared.clone();
    }

    /** Splits every stage of {@code base} into shared and private halves (rounded down for the shared part). */
    public static SdrSpec halves(ResNetSpec base, int groups) {
        int[] w = base.widths();
        int[] s = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            s[i] = w[i] / 2;
        }
        return new SdrSpec("sdr-" + base.name() + "-g" + groups, base, s, groups);
    }

    public int numStages() {
        return base.numStages();
    }

    /** Private channels per group at stage {@code s} (0-based). */
    public int privateWidth(int s) {
        return base.widths()[s] - shared[s];
    }

    public int sharedWidth(int s) {
        return shared[s];
    }

    /** Number of distinct sub-nets: groups^stages. */
    public long numPaths() {
        long n = 1;
        for (int s = 0; s < numStages(); s++) {
            n *= groups;
        }
        return n;
    }

    /** The plain ResNet spec every extracted sub-net has. */
    public ResNetSpec subnetSpec() {
        return base;
    }

    @Override
    public int[] shared() {
        return shared.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdrSpec x && name.equals(x.name) && base.equals(x.base) && Arrays.equals(shared, x.shared)
                && groups == x.groups;
    }

    @Override
    public int hashCode() {
        return base.hashCode() * 31 + Arrays.hashCode(shared) + groups;
    }

    @Override
    public String toString() {
        return name + "[" + base + ", shared=" + Arrays.toString(shared) + ", groups=" + groups + ", paths=" + numPaths() + "]";
    }
}
