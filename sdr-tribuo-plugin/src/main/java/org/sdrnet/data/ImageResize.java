package org.sdrnet.data;

/**
 * Bilinear resizing, halving and padding of small images held as float planes in channels × height × width
 * order (one plane for gray, three for RGB). The readers bring every source to the 32×32 the networks expect
 * with these few operations, so their pixels are produced the same way everywhere.
 * <p>
 * Sampling uses pixel centres ({@code src = (dst + 0.5) * scale - 0.5}, clamped at the borders): halving an
 * even side is then exactly the mean of each 2×2 block.
 */
public final class ImageResize {
    private ImageResize() {
    }

    /** Bilinear resize of a CHW image of {@code channels} planes from {@code w×h} to {@code newW×newH}. */
    public static float[] resize(float[] src, int channels, int w, int h, int newW, int newH) {
        checkShape(src, channels, w, h);
        if (newW <= 0 || newH <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + newW + "x" + newH);
        }
        if (newW == w && newH == h) {
            return src.clone();
        }
        // Precompute the two source columns and the weight for every target column (same for all rows).
        int[] x0 = new int[newW];
        int[] x1 = new int[newW];
        float[] fx = new float[newW];
        axis(w, newW, x0, x1, fx);
        int[] y0 = new int[newH];
        int[] y1 = new int[newH];
        float[] fy = new float[newH];
        axis(h, newH, y0, y1, fy);

        float[] out = new float[channels * newW * newH];
        for (int c = 0; c < channels; c++) {
            int in = c * w * h;
            int o = c * newW * newH;
            for (int y = 0; y < newH; y++) {
                int r0 = in + y0[y] * w;
                int r1 = in + y1[y] * w;
                float wy = fy[y];
                for (int x = 0; x < newW; x++) {
                    float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                    float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                    out[o + y * newW + x] = top + (bottom - top) * wy;
                }
            }
        }
        return out;
    }

    /** Halves both sides (rounding down, at least 1 pixel): the 2×2 block mean for even sides. */
    public static float[] halve(float[] src, int channels, int w, int h) {
        return resize(src, channels, w, h, Math.max(1, w / 2), Math.max(1, h / 2));
    }

    /**
     * Brings an image to {@code newW×newH}: halves it while both sides stay at least twice the target (so large
     * images are averaged rather than aliased), then resizes bilinearly to the exact target.
     */
    public static float[] shrinkTo(float[] src, int channels, int w, int h, int newW, int newH) {
        float[] cur = src;
        while (w >= 2 * newW && h >= 2 * newH) {
            cur = halve(cur, channels, w, h);
            w = Math.max(1, w / 2);
            h = Math.max(1, h / 2);
        }
        return resize(cur, channels, w, h, newW, newH);
    }

    /** Centres a CHW image of {@code w×h} in a {@code size×size} canvas filled with {@code fill}; needs w, h ≤ size. */
    public static float[] pad(float[] src, int channels, int w, int h, int size, float fill) {
        checkShape(src, channels, w, h);
        if (w > size || h > size) {
            throw new IllegalArgumentException("cannot pad a " + w + "x" + h + " image into " + size + "x" + size);
        }
        float[] out = new float[channels * size * size];
        java.util.Arrays.fill(out, fill);
        int left = (size - w) / 2;
        int top = (size - h) / 2;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (c * h + y) * w, out, (c * size + top + y) * size + left, w);
            }
        }
        return out;
    }

    /** Writes {@code values} (0..255 scale) into {@code dest} at {@code offset}, rounded and clamped to uint8. */
    public static void toBytes(float[] values, byte[] dest, int offset) {
        for (int i = 0; i < values.length; i++) {
            int v = Math.round(values[i]);
            dest[offset + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }

    private static void axis(int n, int newN, int[] i0, int[] i1, float[] f) {
        double scale = (double) n / newN;
        for (int i = 0; i < newN; i++) {
            double s = (i + 0.5) * scale - 0.5;
            if (s < 0) {
                s = 0;
            }
            int a = (int) s;
            if (a >= n - 1) {
                a = n - 1;
                s = a;
            }
            i0[i] = a;
            i1[i] = Math.min(a + 1, n - 1);
            f[i] = (float) (s - a);
        }
    }

    private static void checkShape(float[] src, int channels, int w, int h) {
        if (channels <= 0 || w <= 0 || h <= 0 || src.length != channels * w * h) {
            throw new IllegalArgumentException("image of " + src.length + " values is not " + channels + "x" + h + "x" + w);
        }
    }
}
