package org.sdrnet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seeded, stratified index sampling shared by the catalog entries: a class-stratified train/test split,
 * a per-class cap and a proportional cap on a total. {@link Random} is used because its sequence is fixed
 * by the Java specification, so a seed gives the same split on every JVM.
 * Every method returns indices in ascending order, so results do not depend on hash or thread order.
 */
final class SeededSampling {

    private SeededSampling() {}

    /** The indices {@code 0..n-1} in a seeded random order. */
    static int[] permutation(int n, long seed) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Splits {@code 0..labels.length-1} class by class: round(fraction·n_c) of each class go to test (at least
     * one and at most n_c−1 when a class has two or more members). Returns {train, test}.
     */
    static int[][] stratifiedSplit(int[] labels, int numClasses, double testFraction, long seed) {
        Random rng = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass(allIndices(labels.length), labels, numClasses)) {
            Collections.shuffle(members, rng);
            int n = members.size();
            int nTest = (int) Math.round(n * testFraction);
            if (n >= 2) {
                nTest = Math.max(1, Math.min(n - 1, nTest));
            }
            test.addAll(members.subList(0, nTest));
            train.addAll(members.subList(nTest, n));
        }
        return new int[][] {sorted(train), sorted(test)};
    }

    /** At most {@code cap} randomly chosen indices of each class from {@code indices}. */
    static int[] capPerClass(int[] indices, int[] labels, int numClasses, int cap, long seed) {
        Random rng = new Random(seed);
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> members : byClass(indices, labels, numClasses)) {
            Collections.shuffle(members, rng);
            kept.addAll(members.subList(0, Math.min(cap, members.size())));
        }
        return sorted(kept);
    }

    /**
     * At most {@code max} indices in total, each class keeping its share of {@code indices} (quotas by
     * largest remainder, members chosen at random).
     */
    static int[] capStratified(int[] indices, int[] labels, int numClasses, int max, long seed) {
        if (indices.length <= max) {
            return indices.clone();
        }
        List<List<Integer>> classes = byClass(indices, labels, numClasses);
        int[] quota = new int[numClasses];
        double[] remainder = new double[numClasses];
        int given = 0;
        for (int c = 0; c < numClasses; c++) {
            double exact = (double) classes.get(c).size() * max / indices.length;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            given += quota[c];
        }
        // Hand out the rest to the largest remainders; ties go to the lower class index.
        Integer[] order = new Integer[numClasses];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, (a, b) -> Double.compare(remainder[b], remainder[a]));
        for (int k = 0; given < max; k++, given++) {
            quota[order[k % numClasses]]++;
        }
        Random rng = new Random(seed);
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = classes.get(c);
            Collections.shuffle(members, rng);
            kept.addAll(members.subList(0, Math.min(quota[c], members.size())));
        }
        return sorted(kept);
    }

    private static int[] allIndices(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static List<List<Integer>> byClass(int[] indices, int[] labels, int numClasses) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            out.add(new ArrayList<>());
        }
        for (int i : indices) {
            out.get(labels[i]).add(i);
        }
        return out;
    }

    private static int[] sorted(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
