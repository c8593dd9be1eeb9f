package org.sdrnet.data;

import java.util.Arrays;

/**
 * Resizing of images, in one place so every source's pixels are made the same way: bilinear resampling of float
 * planes in channels × height × width order, repeated 2×2 halving of large decoded pictures, and padding.
 * <p>
 * Bilinear sampling uses pixel centres ({@code src = (dst + 0.5) * scale - 0.5}, clamped at the borders), so an
 * exact 2× reduction is the mean of each 2×2 block. Large pictures are first halved (bytes, 2×2 box mean) until
 * they are at most twice the target, then resampled once: averaged rather than aliased, and cheap in memory.
 */
public final class ImageResize {
    private ImageResize() {
    }

    /** Bilinear resize of a CHW image of {@code channels} planes from {@code w×h} to {@code newW×newH}. */
    public static float[] resize(float[] src, int channels, int w, int h, int newW, int newH) {
        checkShape(src, channels, w, h);
        if (newW == w && newH == h) {
            return src.clone();
        }
        double[] v = sample(src, channels, w, h, 0, 0, w, h, newW, newH, false);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /**
     * Bilinear resampling of the region ({@code x}, {@code y}, {@code regionW}, {@code regionH}) of a CHW image
     * to {@code newW×newH}, optionally mirrored left-right; in double precision, for callers that round.
     */
    static double[] sample(float[] src, int channels, int w, int h, double x, double y, double regionW,
                           double regionH, int newW, int newH, boolean flip) {
        checkShape(src, channels, w, h);
        if (newW <= 0 || newH <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + newW + "x" + newH);
        }
        // The two source columns and the weight of every target column are the same for all rows.
        int[] x0 = new int[newW];
        int[] x1 = new int[newW];
        double[] fx = new double[newW];
        axis(x, regionW / newW, w, flip, x0, x1, fx);
        int[] y0 = new int[newH];
        int[] y1 = new int[newH];
        double[] fy = new double[newH];
        axis(y, regionH / newH, h, false, y0, y1, fy);

        double[] out = new double[channels * newW * newH];
        for (int c = 0; c < channels; c++) {
            int in = c * w * h;
            int o = c * newW * newH;
            for (int oy = 0; oy < newH; oy++) {
                int r0 = in + y0[oy] * w;
                int r1 = in + y1[oy] * w;
                double wy = fy[oy];
                for (int ox = 0; ox < newW; ox++) {
                    double wx = fx[ox];
                    double top = src[r0 + x0[ox]] * (1 - wx) + src[r0 + x1[ox]] * wx;
                    double bottom = src[r1 + x0[ox]] * (1 - wx) + src[r1 + x1[ox]] * wx;
                    out[o + oy * newW + ox] = top * (1 - wy) + bottom * wy;
                }
            }
        }
        return out;
    }

    /**
     * Halves each side of {@code img} (2×2 box mean, rounded; an odd side leaves out its last row or column)
     * while it is more than twice its target side; a side already within twice its target is kept.
     */
    static RgbImage halveWhileOver(RgbImage img, int targetW, int targetH) {
        int w = img.width();
        int h = img.height();
        byte[] rgb = img.rgb();
        while (w > 2 * targetW || h > 2 * targetH) {
            int nw = w > 2 * targetW ? w / 2 : w;
            int nh = h > 2 * targetH ? h / 2 : h;
            rgb = halve(rgb, w, h, nw, nh);
            w = nw;
            h = nh;
        }
        return rgb == img.rgb() ? img : new RgbImage(w, h, rgb);
    }

    /** Centres a CHW image of {@code w×h} in a {@code size×size} canvas filled with {@code fill}; needs w, h ≤ size. */
    public static float[] pad(float[] src, int channels, int w, int h, int size, float fill) {
        checkShape(src, channels, w, h);
        if (w > size || h > size) {
            throw new IllegalArgumentException("cannot pad a " + w + "x" + h + " image into " + size + "x" + size);
        }
        float[] out = new float[channels * size * size];
        Arrays.fill(out, fill);
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

    /**
     * For each of {@code count} targets along an axis of {@code n} source pixels: the two source pixels and the
     * weight of the second, sampling from {@code offset} with {@code scale} source pixels per target.
     */
    private static void axis(double offset, double scale, int n, boolean flip, int[] i0, int[] i1, double[] f) {
        int count = f.length;
        for (int i = 0; i < count; i++) {
            int t = flip ? count - 1 - i : i;
            double s = offset + (t + 0.5) * scale - 0.5;
            s = s < 0 ? 0 : Math.min(s, n - 1);
            int a = (int) s;
            i0[i] = a;
            i1[i] = Math.min(a + 1, n - 1);
            f[i] = s - a;
        }
    }

    /** 2×2 box mean of interleaved RGB (bilinear sampling at exactly half size); a side that is not halved is copied. */
    private static byte[] halve(byte[] rgb, int w, int h, int nw, int nh) {
        int fx = w / nw;
        int fy = h / nh;
        byte[] out = new byte[nw * nh * 3];
        for (int y = 0; y < nh; y++) {
            int ya = y * fy;
            int yb = Math.min(ya + fy - 1, h - 1);
            for (int x = 0; x < nw; x++) {
                int xa = x * fx;
                int xb = Math.min(xa + fx - 1, w - 1);
                for (int k = 0; k < 3; k++) {
                    int s = (rgb[(ya * w + xa) * 3 + k] & 0xFF) + (rgb[(ya * w + xb) * 3 + k] & 0xFF)
                            + (rgb[(yb * w + xa) * 3 + k] & 0xFF) + (rgb[(yb * w + xb) * 3 + k] & 0xFF);
                    out[(y * nw + x) * 3 + k] = (byte) ((s + 2) / 4);
                }
            }
        }
        return out;
    }

    private static void checkShape(float[] src, int channels, int w, int h) {
        if (channels <= 0 || w <= 0 || h <= 0 || src.length != channels * w * h) {
            throw new IllegalArgumentException("image of " + src.length + " values is not " + channels + "x" + h + "x" + w);
        }
    }
}
