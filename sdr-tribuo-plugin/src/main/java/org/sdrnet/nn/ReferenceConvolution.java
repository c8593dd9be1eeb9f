package org.sdrnet.nn;

/**
 * A direct float64 convolution (no bias, zero padding {@code k/2}, square stride) and its two gradients, written as
 * plain loops so it shares no code with any native kernel. It is the yardstick {@link ConvGuard} and the tests hold
 * the engine's convolutions against. Arrays are row-major: input [n, ci, h, w], weight [co, ci, k, k],
 * output [n, co, ho, wo].
 */
public final class ReferenceConvolution {
    private final int n;
    private final int ci;
    private final int co;
    private final int h;
    private final int w;
    private final int k;
    private final int stride;

    /** A convolution of {@code n} images of {@code ci}×{@code h}×{@code w} to {@code co} channels. */
    public ReferenceConvolution(int n, int ci, int co, int h, int w, int k, int stride) {
        this.n = n;
        this.ci = ci;
        this.co = co;
        this.h = h;
        this.w = w;
        this.k = k;
        this.stride = stride;
    }

    public int outHeight() {
        return (h + 2 * (k / 2) - k) / stride + 1;
    }

    public int outWidth() {
        return (w + 2 * (k / 2) - k) / stride + 1;
    }

    /** Output, gradient of {@code sum(output · g)} for the input, and for the weight. */
    public record Result(double[] output, double[] inputGradient, double[] weightGradient) {
    }

    /** Forward and both gradients of {@code L = sum(conv(x, weight) · g)}. */
    public Result run(float[] x, float[] weight, float[] g) {
        int pad = k / 2;
        int ho = outHeight();
        int wo = outWidth();
        double[] y = new double[n * co * ho * wo];
        double[] dx = new double[x.length];
        double[] dw = new double[weight.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < co; o++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        int yi = ((b * co + o) * ho + i) * wo + j;
                        double gy = g[yi];
                        double sum = 0;
                        for (int c = 0; c < ci; c++) {
                            for (int u = 0; u < k; u++) {
                                int r = i * stride + u - pad;
                                if (r < 0 || r >= h) {
                                    continue;
                                }
                                for (int v = 0; v < k; v++) {
                                    int s = j * stride + v - pad;
                                    if (s < 0 || s >= w) {
                                        continue;
                                    }
                                    int xi = ((b * ci + c) * h + r) * w + s;
                                    int wi = ((o * ci + c) * k + u) * k + v;
                                    sum += (double) x[xi] * weight[wi];
                                    dx[xi] += gy * weight[wi];
                                    dw[wi] += gy * x[xi];
                                }
                            }
                        }
                        y[yi] = sum;
                    }
                }
            }
        }
        return new Result(y, dx, dw);
    }

    /** Largest |a − b| relative to max(1, max |b|): float32 rounding gives about 1e-6, a wrong kernel O(0.1). */
    public static double relativeError(float[] actual, double[] expected) {
        if (actual.length != expected.length) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs(actual[i] - expected[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst / scale;
    }
}
