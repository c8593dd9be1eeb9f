package org.sdrnet.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded stratified index splits: k folds for cross-validation (routing scores a candidate by 5-fold kNN
 * accuracy, METHODS.md §1) and a per-class hold-out for tuning the linear probe (METHODS.md §0).
 * Stratified means every class is spread over the parts in proportion to its size, so a small task keeps
 * each class visible in each part where its size allows.
 */
public final class StratifiedSplits {

    /** A partition of indices into a training part and a held-out part, both in ascending order. */
    public record HoldOut(int[] train, int[] heldOut) {
    }

    private StratifiedSplits() {
    }

    /**
     * Splits {@code 0..labels.length-1} into {@code folds} disjoint folds that together cover every index.
     * Each class is shuffled (seeded) and dealt round-robin, with the starting fold rotating from class to
     * class so fold sizes differ by at most one overall and class counts per fold differ by at most one.
     *
     * @return one ascending index array per fold
     */
    public static int[][] folds(int[] labels, int folds, long seed) {
        int numClasses = FeatureChecks.checkLabels("labels", labels, labels == null ? 0 : labels.length);
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        if (folds > labels.length) {
            throw new IllegalArgumentException("cannot make " + folds + " folds from " + labels.length + " examples");
        }
        List<List<Integer>> byFold = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            byFold.add(new ArrayList<>());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int next = 0;
        for (int[] members : membersByClass(labels, numClasses)) {
            shuffle(members, rng);
            for (int m : members) {
                byFold.get(next).add(m);
                next = (next + 1) % folds;
            }
        }
        int[][] out = new int[folds][];
        for (int f = 0; f < folds; f++) {
            out[f] = byFold.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    /**
     * Holds out {@code fraction} of every class (rounded, seeded choice). A class with at least two members
     * gives at least one to each side; a singleton class stays in the training part.
     *
     * @throws IllegalArgumentException when the fraction is not in (0, 1) or no class can spare an example
     */
    public static HoldOut holdOut(int[] labels, double fraction, long seed) {
        int numClasses = FeatureChecks.checkLabels("labels", labels, labels == null ? 0 : labels.length);
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] held = new boolean[labels.length];
        int heldCount = 0;
        for (int[] members : membersByClass(labels, numClasses)) {
            if (members.length < 2) {
                continue;
            }
            shuffle(members, rng);
            int take = (int) Math.round(fraction * members.length);
            take = Math.max(1, Math.min(members.length - 1, take));
            for (int k = 0; k < take; k++) {
                held[members[k]] = true;
            }
            heldCount += take;
        }
        if (heldCount == 0) {
            throw new IllegalArgumentException("cannot hold out a validation split: no class has two or more of the "
                    + labels.length + " examples");
        }
        int[] train = new int[labels.length - heldCount];
        int[] out = new int[heldCount];
        int t = 0;
        int h = 0;
        for (int i = 0; i < labels.length; i++) {
            if (held[i]) {
                out[h++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new HoldOut(train, out);
    }

    /** All indices except those in {@code excluded} (which must be ascending), in ascending order. */
    static int[] complement(int n, int[] excluded) {
        int[] out = new int[n - excluded.length];
        int e = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            if (e < excluded.length && excluded[e] == i) {
                e++;
            } else {
                out[o++] = i;
            }
        }
        return out;
    }

    private static List<int[]> membersByClass(int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        List<int[]> members = new ArrayList<>();
        int[] fill = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            members.add(new int[counts[c]]);
        }
        for (int i = 0; i < labels.length; i++) {
            members.get(labels[i])[fill[labels[i]]++] = i;
        }
        return members;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
