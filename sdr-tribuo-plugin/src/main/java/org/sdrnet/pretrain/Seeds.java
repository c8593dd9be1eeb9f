package org.sdrnet.pretrain;

import java.util.SplittableRandom;

/**
 * Counter-based seeding: every random draw of a run is a function of (run seed, purpose, counter), so a run
 * resumed at step N samples exactly what the uninterrupted run sampled, with no generator state to save.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed 64-bit seed from a run seed and counters (SplitMix64 finaliser over a combination). */
    public static long mix(long seed, long... counters) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (long c : counters) {
            h = fmix(h + 0x9E3779B97F4A7C15L * (c + 1));
        }
        return h;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seeded permutation of 0..n-1 (Fisher–Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
