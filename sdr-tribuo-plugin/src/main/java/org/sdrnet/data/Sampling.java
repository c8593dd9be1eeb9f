package org.sdrnet.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Seeded index selection, the one implementation for the whole project: the catalog's splits (per-class
 * choices, stratified subsets, stratified train/test splits and k folds), the evaluators' folds and validation
 * hold-out, and the training loop's counter-based seeds and epoch orders. Every method is a pure function of
 * its inputs and the generator, so a split is reproduced exactly from its seed; returned indices are sorted
 * ascending so subsets keep the source order. Methods that take {@code indices} choose among those (ascending)
 * indices only, {@code labels[i]} being the class of index {@code i}.
 * <p>
 * The methods take any {@link RandomGenerator} and draw only through {@code nextInt(bound)}, so a caller's
 * generator fixes the sequence: the catalog passes {@link Random} (see {@link #rng}), the evaluators and the
 * training loop {@link SplittableRandom}; each reproduces the splits it recorded before the two were merged.
 */
public final class Sampling {
    private Sampling() {
    }

    /**
     * A generator for one purpose of one run: the same {@code seed} with different purposes (e.g. "P1" and
     * "D1-train") gives independent streams. {@link Random} is used because its sequence is fixed by the
     * Java specification.
     */
    public static Random rng(long seed, String purpose) {
        long h = 1125899906842597L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return new Random(finalise(seed) ^ finalise(h));
    }

    /**
     * Counter-based seeding: a well-mixed 64-bit seed from a run seed and counters (e.g. purpose, epoch, step),
     * so every random draw of a run is a function of (run seed, purpose, counter) and a run resumed at step N
     * samples exactly what the uninterrupted run sampled, with no generator state to save.
     */
    public static long mix(long seed, long... counters) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (long c : counters) {
            h = finalise(h + 0x9E3779B97F4A7C15L * (c + 1));
        }
        return h;
    }

    /**
     * A uniformly random permutation of {@code values} (Fisher–Yates, the same draws as
     * {@link java.util.Collections#shuffle(java.util.List, Random)} for a {@link Random}); the input is not
     * modified.
     */
    public static int[] shuffled(int[] values, RandomGenerator rng) {
        int[] a = values.clone();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** The indices {@code 0..n-1} in a uniformly random order. */
    public static int[] permutation(int n, RandomGenerator rng) {
        return shuffled(range(n), rng);
    }

    /** The permutation fixed by {@code seed} alone (drawn from a {@link SplittableRandom}), e.g. a {@link #mix}. */
    public static int[] permutation(int n, long seed) {
        return permutation(n, new SplittableRandom(seed));
    }

    /** {@code n} distinct values drawn uniformly from {@code values} (all of them when fewer), sorted. */
    public static int[] choose(int[] values, int n, RandomGenerator rng) {
        int[] s = shuffled(values, rng);
        int[] out = Arrays.copyOf(s, Math.min(n, s.length));
        Arrays.sort(out);
        return out;
    }

    /** Up to {@code perClass} indices of every class, drawn uniformly within the class; sorted. */
    public static int[] perClass(int[] labels, int numClasses, int perClass, RandomGenerator rng) {
        return perClass(range(labels.length), labels, numClasses, perClass, rng);
    }

    /** {@link #perClass(int[], int, int, RandomGenerator)} among {@code indices} only. */
    public static int[] perClass(int[] indices, int[] labels, int numClasses, int perClass, RandomGenerator rng) {
        int[][] groups = byClass(indices, labels, numClasses);
        int[][] chosen = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            chosen[c] = choose(groups[c], perClass, rng);
        }
        return merge(chosen);
    }

    /**
     * A stratified subset of {@code total} indices (all when {@code total} ≥ the number of labels): each class
     * gets its proportional share, remainders going to the largest fractions (ties to the lower class); sorted.
     */
    public static int[] stratified(int[] labels, int numClasses, int total, RandomGenerator rng) {
        return stratified(range(labels.length), labels, numClasses, total, rng);
    }

    /** {@link #stratified(int[], int, int, RandomGenerator)} among {@code indices} only. */
    public static int[] stratified(int[] indices, int[] labels, int numClasses, int total, RandomGenerator rng) {
        if (total >= indices.length) {
            return indices.clone();
        }
        int[][] groups = byClass(indices, labels, numClasses);
        int[] quota = allocate(groups, total);
        int[][] chosen = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            chosen[c] = choose(groups[c], quota[c], rng);
        }
        return merge(chosen);
    }

    /**
     * A stratified split into {@code {train, test}} with {@code round(n * trainFraction)} training indices in
     * proportional shares per class; both parts sorted.
     */
    public static int[][] stratifiedSplit(int[] labels, int numClasses, double trainFraction, RandomGenerator rng) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1), got " + trainFraction);
        }
        int[][] groups = byClass(range(labels.length), labels, numClasses);
        int[] quota = allocate(groups, (int) Math.round(labels.length * trainFraction));
        return cutShuffled(groups, quota, rng);
    }

    /**
     * A split into {@code {train, test}} holding out {@code round(n_c * testFraction)} members of every class
     * {@code c} for test, at least one and at most {@code n_c - 1} when the class has two or more; both parts
     * sorted. Unlike {@link #stratifiedSplit} each class is rounded on its own, so every class is tested.
     */
    public static int[][] holdOutPerClass(int[] labels, int numClasses, double testFraction, RandomGenerator rng) {
        int[][] groups = byClass(range(labels.length), labels, numClasses);
        int[] quota = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            int n = groups[c].length;
            quota[c] = (int) Math.round(n * testFraction);
            if (n >= 2) {
                quota[c] = Math.max(1, Math.min(n - 1, quota[c]));
            }
        }
        int[][] testThenTrain = cutShuffled(groups, quota, rng);
        return new int[][] {testThenTrain[1], testThenTrain[0]};
    }

    /**
     * A split into {@code {train, heldOut}} for choosing hyper-parameters on the training data: like
     * {@link #holdOutPerClass} except that a class of one always stays in train, since a class absent from
     * training cannot be predicted anyway.
     *
     * @throws IllegalArgumentException when the fraction is not in (0, 1) or no class can spare an example
     */
    public static int[][] validationSplit(int[] labels, int numClasses, double fraction, RandomGenerator rng) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
        }
        int[][] groups = byClass(range(labels.length), labels, numClasses);
        int[] quota = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            int n = groups[c].length;
            quota[c] = n < 2 ? 0 : Math.max(1, Math.min(n - 1, (int) Math.round(fraction * n)));
        }
        int[][] heldThenTrain = cutShuffled(groups, quota, rng);
        if (heldThenTrain[0].length == 0) {
            throw new IllegalArgumentException("cannot hold out a validation split: no class has two or more of the "
                    + labels.length + " examples");
        }
        return new int[][] {heldThenTrain[1], heldThenTrain[0]};
    }

    /**
     * Stratified k folds: every class is shuffled and dealt round-robin onto the folds, continuing where the
     * previous class stopped, so fold sizes differ by at most one and each class is spread evenly. The folds
     * partition {@code 0..labels.length-1}; each is sorted.
     */
    public static int[][] stratifiedFolds(int[] labels, int numClasses, int k, RandomGenerator rng) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        }
        if (k > labels.length) {
            throw new IllegalArgumentException("cannot make " + k + " folds from " + labels.length + " examples");
        }
        int[][] groups = byClass(range(labels.length), labels, numClasses);
        int[] sizes = new int[k];
        int[][] folds = new int[k][labels.length];
        int next = 0;
        for (int c = 0; c < numClasses; c++) {
            for (int i : shuffled(groups[c], rng)) {
                folds[next][sizes[next]++] = i;
                next = (next + 1) % k;
            }
        }
        for (int f = 0; f < k; f++) {
            folds[f] = Arrays.copyOf(folds[f], sizes[f]);
            Arrays.sort(folds[f]);
        }
        return folds;
    }

    /** All indices {@code 0..n-1} not in {@code taken}, ascending. */
    public static int[] complement(int n, int[] taken) {
        boolean[] used = new boolean[n];
        for (int i : taken) {
            used[i] = true;
        }
        int[] out = new int[n - (int) Arrays.stream(taken).distinct().count()];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!used[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** {@code indices} grouped by their label {@code 0..numClasses-1}, each group in the order of {@code indices}. */
    private static int[][] byClass(int[] indices, int[] labels, int numClasses) {
        int[] counts = new int[numClasses];
        for (int i : indices) {
            counts[labels[i]]++;
        }
        int[][] out = new int[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i : indices) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    /** Shuffles every group and cuts it after its quota: {@code {the first quota[c] of each, the rest}}, sorted. */
    private static int[][] cutShuffled(int[][] groups, int[] quota, RandomGenerator rng) {
        int[][] head = new int[groups.length][];
        int[][] tail = new int[groups.length][];
        for (int c = 0; c < groups.length; c++) {
            int[] s = shuffled(groups[c], rng);
            head[c] = Arrays.copyOfRange(s, 0, quota[c]);
            tail[c] = Arrays.copyOfRange(s, quota[c], s.length);
        }
        return new int[][] {merge(head), merge(tail)};
    }

    /** Largest-remainder allocation of {@code total} over the groups, proportional to their sizes. */
    private static int[] allocate(int[][] groups, int total) {
        int n = Arrays.stream(groups).mapToInt(g -> g.length).sum();
        int[] quota = new int[groups.length];
        double[] frac = new double[groups.length];
        int given = 0;
        for (int c = 0; c < groups.length; c++) {
            double exact = n == 0 ? 0 : (double) groups[c].length * total / n;
            quota[c] = (int) Math.floor(exact);
            frac[c] = exact - quota[c];
            given += quota[c];
        }
        Integer[] order = new Integer[groups.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> frac[a] != frac[b] ? Double.compare(frac[b], frac[a]) : Integer.compare(a, b));
        for (int r = 0; given < total && r < order.length; r++) {
            if (quota[order[r]] < groups[order[r]].length) {
                quota[order[r]]++;
                given++;
            }
        }
        return quota;
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static int[] merge(int[][] parts) {
        int[] out = Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
        Arrays.sort(out);
        return out;
    }

    /** SplitMix64 finaliser: spreads nearby seeds over the whole 64-bit space. */
    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
