package org.sdrnet.data.augment;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, blurs the image with a Gaussian of standard deviation drawn uniformly from
 * {@code [sigmaMin, sigmaMax]} pixels, as two 1-D passes (rows, then columns) of an odd-sized kernel, with
 * mirror padding at the borders (METHODS.md §1).
 * <p>
 * SimSiam blurs 224-px images with sigma 0.1–2.0 and a kernel of about 10% of the image side.
 * {@link #scaledFrom224(double, int)} rescales such a 224-px setting to a smaller image [our choice].
 */
public final class GaussianBlur implements ImageTransform {

    public static final double DEFAULT_PROBABILITY = 0.5;
    /** SimSiam's sigma range, in pixels of a 224-px image. */
    public static final double SIGMA_MIN_224 = 0.1;
    public static final double SIGMA_MAX_224 = 2.0;
    /** Kernel side for 32-px images: 10% of the side, rounded to odd [our choice]. */
    public static final int DEFAULT_KERNEL_SIZE = 3;

    private final double probability;
    private final double sigmaMin;
    private final double sigmaMax;
    private final int kernelSize;

    /**
     * @param probability chance of blurring
     * @param sigmaMin    smallest standard deviation in pixels, positive
     * @param sigmaMax    largest, at least sigmaMin
     * @param kernelSize  odd kernel side (3, 5, ...)
     */
    public GaussianBlur(double probability, double sigmaMin, double sigmaMax, int kernelSize) {
        this.probability = Probabilities.check("gaussian blur probability", probability);
        if (!(sigmaMin > 0 && sigmaMin <= sigmaMax && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException("gaussian blur sigma range must satisfy 0 < min <= max < inf, got ["
                    + sigmaMin + ", " + sigmaMax + "]");
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            throw new IllegalArgumentException("gaussian blur kernel size must be odd and positive, got " + kernelSize);
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.kernelSize = kernelSize;
    }

    /** Converts a sigma given in pixels of a 224-px image to pixels of an {@code imageSize}-px image. */
    public static double scaledFrom224(double sigma224, int imageSize) {
        if (imageSize <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + imageSize);
        }
        return sigma224 * imageSize / 224.0;
    }

    public double probability() { return probability; }
    public double sigmaMin() { return sigmaMin; }
    public double sigmaMax() { return sigmaMax; }
    public int kernelSize() { return kernelSize; }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (!Probabilities.happens(probability, random)) {
            return image;
        }
        double sigma = RandomResizedCrop.uniform(random, sigmaMin, sigmaMax);
        blur(image, kernel(sigma, kernelSize));
        return image;
    }

    /** The normalised 1-D Gaussian kernel {@code exp(−k²/2σ²)} for offsets {@code k = −r..r}. */
    static float[] kernel(double sigma, int size) {
        int r = size / 2;
        double[] w = new double[size];
        double sum = 0;
        for (int k = -r; k <= r; k++) {
            w[k + r] = Math.exp(-(double) k * k / (2 * sigma * sigma));
            sum += w[k + r];
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) (w[i] / sum);
        }
        return out;
    }

    /** Convolves every channel with {@code kernel} along rows and then columns, in place. */
    static void blur(FloatImage image, float[] kernel) {
        int r = kernel.length / 2;
        int h = image.height();
        int w = image.width();
        int[] colIndex = mirrorTable(w, r);
        int[] rowIndex = mirrorTable(h, r);
        float[] d = image.data();
        float[] padded = new float[w + 2 * r];
        float[] tmp = new float[h * w];
        float[] acc = new float[w];
        for (int c = 0; c < image.channels(); c++) {
            int base = c * h * w;
            // Rows: copy the row with mirrored borders, then accumulate one kernel tap at a time so the inner
            // loops run over contiguous memory.
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                for (int p = 0; p < padded.length; p++) {
                    padded[p] = d[row + colIndex[p]];
                }
                int out = y * w;
                float k0 = kernel[0];
                for (int x = 0; x < w; x++) {
                    tmp[out + x] = k0 * padded[x];
                }
                for (int k = 1; k < kernel.length; k++) {
                    float kk = kernel[k];
                    for (int x = 0; x < w; x++) {
                        tmp[out + x] += kk * padded[x + k];
                    }
                }
            }
            // Columns: output row y is the kernel-weighted sum of the mirrored rows y - r .. y + r.
            for (int y = 0; y < h; y++) {
                int src = rowIndex[y] * w;
                float k0 = kernel[0];
                for (int x = 0; x < w; x++) {
                    acc[x] = k0 * tmp[src + x];
                }
                for (int k = 1; k < kernel.length; k++) {
                    float kk = kernel[k];
                    int s2 = rowIndex[y + k] * w;
                    for (int x = 0; x < w; x++) {
                        acc[x] += kk * tmp[s2 + x];
                    }
                }
                System.arraycopy(acc, 0, d, base + y * w, w);
            }
        }
    }

    /**
     * For padded positions {@code p = 0 .. n + 2r − 1}, the source index of {@code p − r} mirrored at the
     * borders without repeating the edge pixel ({@code −1 → 1}, {@code n → n − 2}).
     */
    static int[] mirrorTable(int n, int r) {
        int[] t = new int[n + 2 * r];
        for (int p = 0; p < t.length; p++) {
            t[p] = mirror(p - r, n);
        }
        return t;
    }

    private static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    @Override
    public String toString() {
        return "GaussianBlur[p " + probability + ", sigma " + sigmaMin + "-" + sigmaMax + ", kernel " + kernelSize + "]";
    }
}
