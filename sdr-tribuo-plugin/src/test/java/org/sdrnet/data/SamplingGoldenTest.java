package org.sdrnet.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the exact output of every public seeded-sampling function for fixed inputs (SHA-256 of the result), so
 * that refactoring the sampling code cannot silently change a data split, a fold or a run's draw order: those
 * are recorded in results and must be reproduced from their seeds. Cases are named after the functions that
 * computed them when the table was recorded ({@code Seeds} and {@code StratifiedSplits} have since been merged
 * into {@link Sampling}).
 */
class SamplingGoldenTest {
    private static final long[] SEEDS = {0, 1, 42, -7, Long.MIN_VALUE};

    /** One line per case: function, inputs, SHA-256 of the output (or the values of a short result). */
    private static final String EXPECTED_FILE = "sampling-golden.txt";

    /** 1000 labels over 8 classes of very different sizes; class 7 has one member. */
    private static int[] large() {
        int[] out = new int[1000];
        for (int i = 0; i < out.length; i++) {
            int h = (int) ((i * 2654435761L) >>> 7) & 1023;
            out[i] = h < 400 ? 0 : h < 650 ? 1 : h < 800 ? 2 : h < 900 ? 3 : h < 960 ? 4 : h < 990 ? 5 : 6;
        }
        out[517] = 7;
        return out;
    }

    private static int classes(int[] labels) {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }

    @Test
    void outputsAreThoseRecorded() throws IOException {
        try (InputStream in = SamplingGoldenTest.class.getResourceAsStream(EXPECTED_FILE)) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual());
        }
    }

    private static String actual() {
        StringBuilder out = new StringBuilder();
        for (long seed : SEEDS) {
            long[][] counters = {{}, {0}, {1}, {0x0DE5L, 3}, {0xA06L, 123456789}, {-1, 2, 3}};
            long[] mixed = new long[counters.length];
            for (int c = 0; c < counters.length; c++) {
                mixed[c] = Sampling.mix(seed, counters[c]);
            }
            line(out, "Seeds.mix " + seed, mixed);
            for (int n : new int[] {0, 1, 2, 10, 1000}) {
                int size = n;
                line(out, "Seeds.permutation " + n + " " + seed, () -> Sampling.permutation(size, seed));
            }
            long[] draws = new long[12];
            for (int p = 0; p < 3; p++) {
                Random r = Sampling.rng(seed, new String[] {"P1", "D1-train", "Ω"}[p]);
                for (int k = 0; k < 4; k++) {
                    draws[4 * p + k] = r.nextLong();
                }
            }
            line(out, "Sampling.rng " + seed, draws);
            int[] values = {5, 3, 99, -4, 17, 17, 0, 8, 1000, 2};
            line(out, "Sampling.shuffled " + seed, () -> Sampling.shuffled(values, new Random(seed)));
            line(out, "Sampling.choose " + seed, () -> Sampling.choose(values, 4, new Random(seed)));
            line(out, "Sampling.permutation " + seed, () -> Sampling.permutation(1000, new Random(seed)));
            line(out, "Sampling.complement " + seed, () -> Sampling.complement(50,
                    Sampling.choose(Sampling.permutation(50, new Random(seed)), 20, new Random(seed))));
            String[] names = {"interleaved", "large", "hundred"};
            int[][] sets = {SamplingTest.interleaved(23, 11, 7, 2, 1), large(), SamplingTest.labels()};
            for (int s = 0; s < sets.length; s++) {
                int[] l = sets[s];
                int nc = classes(l);
                String at = " " + names[s] + " " + seed;
                int[] odd = IntStream.range(0, l.length / 2).map(i -> 2 * i + 1).toArray();
                line(out, "Sampling.perClass" + at, () -> Sampling.perClass(l, nc, 5, new Random(seed)));
                line(out, "Sampling.perClass(indices)" + at, () -> Sampling.perClass(odd, l, nc, 3, new Random(seed)));
                line(out, "Sampling.stratified" + at, () -> Sampling.stratified(l, nc, l.length / 3, new Random(seed)));
                line(out, "Sampling.stratified(indices)" + at,
                        () -> Sampling.stratified(odd, l, nc, odd.length / 4, new Random(seed)));
                for (double f : new double[] {0.3, 0.5}) {
                    line(out, "Sampling.stratifiedSplit " + f + at,
                            () -> Sampling.stratifiedSplit(l, nc, f, new Random(seed)));
                }
                for (double f : new double[] {0.1, 0.3, 0.5, 0.7}) {
                    line(out, "Sampling.holdOutPerClass " + f + at,
                            () -> Sampling.holdOutPerClass(l, nc, f, new Random(seed)));
                    line(out, "StratifiedSplits.holdOut " + f + at,
                            () -> Sampling.validationSplit(l, nc, f, new SplittableRandom(seed)));
                }
                for (int k : new int[] {2, 5}) {
                    line(out, "Sampling.stratifiedFolds " + k + at,
                            () -> Sampling.stratifiedFolds(l, nc, k, new Random(seed)));
                    line(out, "StratifiedSplits.folds " + k + at, () -> Sampling.stratifiedFolds(l, nc, k, new SplittableRandom(seed)));
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        out.append(name).append(' ').append(sha256(b.array())).append('\n');
    }

    private static void line(StringBuilder out, String name, Supplier<Object> result) {
        Object r = result.get();
        int[][] parts = r instanceof int[][] a ? a : new int[][] {(int[]) r};
        int size = 4;
        for (int[] p : parts) {
            size += 4 + 4 * p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(parts.length);
        for (int[] p : parts) {
            b.putInt(p.length);
            for (int v : p) {
                b.putInt(v);
            }
        }
        out.append(name).append(' ').append(sha256(b.array())).append('\n');
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
