package org.sdrnet.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Convolutions through {@link Layers#conv}, forward and both gradients inside a real GradientCollector (as a training
 * step runs them), against a float64 loop. libtorch 2.7.1's oneDNN kernels get channel tails wrong on some CPUs
 * (docs/architecture.md, native traps): without the guard, the sweep fails on such a CPU (on an AVX-512 AMD EPYC,
 * 3×3 convolutions over 20, 24, 28, 36, … input channels, and stride-2 gradients over 48 or 80).
 */
class ConvGuardTest {

    @Test
    void everyChannelCountOfTheSweepIsRightForwardAndBackward() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int c = 4; c <= 136; c += 4) {
                for (int h : new int[] {4, 16}) {
                    for (int stride : new int[] {1, 2}) {
                        checked++;
                        double e = error(m, 2, c, c, h, 3, stride, c * 1000 + h * 10 + stride);
                        if (e > ConvGuard.TOLERANCE) {
                            wrong.add(String.format(Locale.ROOT, "%d→%d 3×3/%d at %d×%d: %.2g", c, c, stride, h, h, e));
                        }
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + checked + " convolutions wrong: " + wrong);
    }

    @Test
    void mixedChannelCountsOneByOneKernelsAndLargerBatchesAreRight() {
        int[][] shapes = { // in, out, kernel, stride, size, batch
            {3, 24, 3, 1, 32, 4}, {24, 40, 3, 2, 16, 8}, {40, 24, 3, 1, 8, 64}, {48, 96, 3, 2, 8, 16}, {80, 20, 3, 2, 9, 3},
            {24, 48, 1, 2, 16, 8}, {20, 36, 1, 1, 8, 4}, {12, 12, 3, 1, 32, 8}, {16, 16, 3, 1, 32, 64}};
        List<String> wrong = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] s : shapes) {
                double e = error(m, s[5], s[0], s[1], s[4], s[2], s[3], s[0] * 7 + s[1]);
                if (e > ConvGuard.TOLERANCE) {
                    wrong.add(String.format(Locale.ROOT, "%d→%d %d×%d/%d at %d×%d batch %d: %.2g", s[0], s[1], s[2], s[2], s[3],
                            s[4], s[4], s[5], e));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "wrong: " + wrong);
    }

    /**
     * Every fallback is checked on every machine, even where the native kernel never needs it: the matrix-product route
     * always; a padding route wherever the native kernel is right on the padded shape (then padding must be exact).
     */
    @Test
    void paddedAndMatrixProductRoutesAreExactWhereverTheyRun() {
        ai.djl.Device device = Engine.getInstance().defaultDevice();
        int padded = 0;
        for (int[] s : new int[][] {{24, 20, 3, 1}, {48, 40, 3, 2}, {3, 16, 3, 1}, {20, 36, 1, 2}, {40, 24, 3, 2}}) {
            ConvGuard.Key key = new ConvGuard.Key(device, s[0], s[1], s[2], s[3], 9, 8, true);
            assertTrue(ConvGuard.error(ConvGuard.Route.GEMM, key) <= ConvGuard.TOLERANCE, "im2col on " + key);
            for (ConvGuard.Route route : ConvGuard.paddings(key)) {
                ConvGuard.Key paddedKey = new ConvGuard.Key(device, roundUp(s[0], route.inMultiple()),
                        roundUp(s[1], route.outMultiple()), s[2], s[3], 9, 8, true);
                if (ConvGuard.error(ConvGuard.Route.NATIVE, paddedKey) <= ConvGuard.TOLERANCE) {
                    padded++;
                    double e = ConvGuard.error(route, key);
                    assertTrue(e <= ConvGuard.TOLERANCE, route.describe(s[0], s[1]) + " on " + key + ": relative error " + e);
                }
            }
        }
        assertTrue(padded >= 5, "too few padded shapes the native kernel gets right to test padding: " + padded);
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    @Test
    void theReferenceIsAConvolution() {
        // one 2×2 image, one channel, 3×3 all-ones kernel: every output is the sum of its in-bounds neighbourhood
        ReferenceConvolution ref = new ReferenceConvolution(1, 1, 1, 2, 2, 3, 1);
        ReferenceConvolution.Result r = ref.run(new float[] {1, 2, 3, 4}, new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1},
                new float[] {1, 0, 0, 0});
        assertEquals(10, r.output()[0], 0);
        assertEquals(10, r.output()[3], 0);
        // d(y00)/dx = 1 for the four inputs y00 sees; d(y00)/dw = the input under each tap
        assertEquals(1, r.inputGradient()[3], 0);
        assertEquals(4, r.weightGradient()[8], 0);
        assertEquals(0, r.weightGradient()[0], 0);
    }

    /** Worst relative error of forward, input gradient and weight gradient of {@link Layers#conv} in a training step. */
    private static double error(NDManager parent, int n, int in, int out, int size, int k, int stride, long seed) {
        Random random = new Random(seed);
        ReferenceConvolution ref = new ReferenceConvolution(n, in, out, size, size, k, stride);
        float[] x = gaussian(random, n * in * size * size, 1);
        float[] w = gaussian(random, out * in * k * k, 1 / Math.sqrt(in * k * k));
        float[] g = gaussian(random, n * out * ref.outHeight() * ref.outWidth(), 1);
        ReferenceConvolution.Result expected = ref.run(x, w, g);
        try (NDManager m = parent.newSubManager()) {
            NDArray xs = m.create(x, new Shape(n, in, size, size));
            NDArray ws = m.create(w, new Shape(out, in, k, k));
            NDArray gs = m.create(g, new Shape(n, out, ref.outHeight(), ref.outWidth()));
            xs.setRequiresGradient(true);
            ws.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray ys = Layers.conv(xs, ws, stride);
                y = ys.toFloatArray();
                gc.backward(ys.mul(gs).sum());
            }
            return Math.max(ReferenceConvolution.relativeError(y, expected.output()),
                    Math.max(ReferenceConvolution.relativeError(xs.getGradient().toFloatArray(), expected.inputGradient()),
                            ReferenceConvolution.relativeError(ws.getGradient().toFloatArray(), expected.weightGradient())));
        }
    }

    private static float[] gaussian(Random random, int size, double scale) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (random.nextGaussian() * scale);
        }
        return a;
    }
}
