package org.sdrnet.data.augment;

import java.util.SplittableRandom;

/**
 * Random brightness, contrast, saturation and hue changes applied in a random order, the whole jitter
 * happening with probability {@code p} (SimSiam: strengths 0.4/0.4/0.4/0.1, p = 0.8; METHODS.md §1).
 * <p>
 * Factors are drawn uniformly: brightness, contrast and saturation from {@code [max(0, 1 − s), 1 + s]},
 * the hue shift from {@code [−h, h]} (in turns of the colour wheel). Brightness scales the pixels; contrast
 * blends with the image's mean luma; saturation blends each pixel with its own luma; hue rotates the HSV hue.
 * Results are clamped to [0, 1] after each step. Gray images get brightness and contrast only.
 * A strength of 0 leaves its property untouched exactly.
 */
public final class ColorJitter implements ImageTransform {

    public static final double DEFAULT_BRIGHTNESS = 0.4;
    public static final double DEFAULT_CONTRAST = 0.4;
    public static final double DEFAULT_SATURATION = 0.4;
    public static final double DEFAULT_HUE = 0.1;
    public static final double DEFAULT_PROBABILITY = 0.8;

    /** ITU-R BT.601 luma weights, the usual RGB → gray conversion. */
    static final float LUMA_R = 0.299f;
    static final float LUMA_G = 0.587f;
    static final float LUMA_B = 0.114f;

    private static final int BRIGHTNESS = 0;
    private static final int CONTRAST = 1;
    private static final int SATURATION = 2;
    private static final int HUE = 3;

    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double probability;

    public ColorJitter(double brightness, double contrast, double saturation, double hue, double probability) {
        this.brightness = checkStrength("brightness", brightness);
        this.contrast = checkStrength("contrast", contrast);
        this.saturation = checkStrength("saturation", saturation);
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("colour jitter hue strength must be in [0, 0.5], got " + hue);
        }
        this.hue = hue;
        this.probability = Probabilities.check("colour jitter probability", probability);
    }

    /** The SimSiam defaults: 0.4/0.4/0.4/0.1 with p = 0.8. */
    public ColorJitter() {
        this(DEFAULT_BRIGHTNESS, DEFAULT_CONTRAST, DEFAULT_SATURATION, DEFAULT_HUE, DEFAULT_PROBABILITY);
    }

    private static double checkStrength(String what, double s) {
        if (!(s >= 0 && Double.isFinite(s))) {
            throw new IllegalArgumentException("colour jitter " + what + " strength must be finite and >= 0, got " + s);
        }
        return s;
    }

    public double brightness() { return brightness; }
    public double contrast() { return contrast; }
    public double saturation() { return saturation; }
    public double hue() { return hue; }
    public double probability() { return probability; }

    @Override
    public FloatImage apply(FloatImage image, SplittableRandom random) {
        if (!Probabilities.happens(probability, random)) {
            return image;
        }
        // Draw all factors first, in a fixed order, then shuffle the order in which they are applied.
        float b = (float) factor(brightness, random);
        float c = (float) factor(contrast, random);
        float s = (float) factor(saturation, random);
        float h = (float) RandomResizedCrop.uniform(random, -hue, hue);
        int[] order = image.channels() == 3
                ? new int[] {BRIGHTNESS, CONTRAST, SATURATION, HUE}
                : new int[] {BRIGHTNESS, CONTRAST};
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int op : order) {
            switch (op) {
                case BRIGHTNESS -> { if (b != 1f) adjustBrightness(image, b); }
                case CONTRAST -> { if (c != 1f) adjustContrast(image, c); }
                case SATURATION -> { if (s != 1f) adjustSaturation(image, s); }
                case HUE -> { if (h != 0f) adjustHue(image, h); }
                default -> throw new IllegalStateException("unknown jitter step " + op);
            }
        }
        return image;
    }

    private static double factor(double strength, SplittableRandom random) {
        return RandomResizedCrop.uniform(random, Math.max(0, 1 - strength), 1 + strength);
    }

    /** Multiplies every pixel by {@code factor} (a blend with black), in place. */
    static void adjustBrightness(FloatImage image, float factor) {
        float[] d = image.data();
        for (int k = 0; k < d.length; k++) {
            d[k] = clamp(d[k] * factor);
        }
    }

    /** Blends every pixel with the mean luma of the whole image: {@code f·x + (1 − f)·mean}, in place. */
    static void adjustContrast(FloatImage image, float factor) {
        float[] d = image.data();
        int plane = image.planeSize();
        double sum = 0;
        if (image.channels() == 3) {
            for (int k = 0; k < plane; k++) {
                sum += LUMA_R * d[k] + LUMA_G * d[plane + k] + LUMA_B * d[2 * plane + k];
            }
        } else {
            for (int k = 0; k < plane; k++) {
                sum += d[k];
            }
        }
        float offset = (float) ((1 - factor) * (sum / plane));
        for (int k = 0; k < d.length; k++) {
            d[k] = clamp(factor * d[k] + offset);
        }
    }

    /** Blends every pixel of a colour image with its own luma: {@code f·x + (1 − f)·gray}, in place. */
    static void adjustSaturation(FloatImage image, float factor) {
        requireColour(image, "saturation");
        float[] d = image.data();
        int plane = image.planeSize();
        float keep = 1 - factor;
        for (int k = 0; k < plane; k++) {
            float gray = keep * (LUMA_R * d[k] + LUMA_G * d[plane + k] + LUMA_B * d[2 * plane + k]);
            d[k] = clamp(factor * d[k] + gray);
            d[plane + k] = clamp(factor * d[plane + k] + gray);
            d[2 * plane + k] = clamp(factor * d[2 * plane + k] + gray);
        }
    }

    /**
     * Rotates the HSV hue of every pixel of a colour image by {@code shift} turns (in place); value and
     * saturation are kept. Gray pixels (R = G = B) have no hue and stay as they are.
     */
    static void adjustHue(FloatImage image, float shift) {
        requireColour(image, "hue");
        float[] d = image.data();
        int plane = image.planeSize();
        for (int k = 0; k < plane; k++) {
            float r = d[k];
            float g = d[plane + k];
            float b = d[2 * plane + k];
            float max = Math.max(r, Math.max(g, b));
            float min = Math.min(r, Math.min(g, b));
            float delta = max - min;
            if (delta <= 0f) {
                continue;
            }
            // Hue in sixths of a turn, from which of R, G, B is largest.
            float h;
            if (max == r) {
                h = (g - b) / delta;
            } else if (max == g) {
                h = 2f + (b - r) / delta;
            } else {
                h = 4f + (r - g) / delta;
            }
            // h / 6 lies in [-1/6, 5/6) and |shift| <= 1/2, so one wrap each way brings turns into [0, 1).
            float turns = h / 6f + shift;
            if (turns < 0f) {
                turns += 1f;
            } else if (turns >= 1f) {
                turns -= 1f;
            }
            if (turns >= 1f || turns < 0f) {
                turns = 0f; // rounding of a value within one ulp of 0 or 1
            }
            float h6 = turns * 6f;
            int sector = Math.min((int) h6, 5);
            float f = h6 - sector;
            // With v = max and s = delta / max: p = v(1-s) = min, q = v(1-sf) = max - delta·f,
            // t = v(1-s(1-f)) = min + delta·f.
            float q = max - delta * f;
            float t = min + delta * f;
            switch (sector) {
                case 0 -> { r = max; g = t; b = min; }
                case 1 -> { r = q; g = max; b = min; }
                case 2 -> { r = min; g = max; b = t; }
                case 3 -> { r = min; g = q; b = max; }
                case 4 -> { r = t; g = min; b = max; }
                default -> { r = max; g = min; b = q; }
            }
            d[k] = r;
            d[plane + k] = g;
            d[2 * plane + k] = b;
        }
    }

    private static void requireColour(FloatImage image, String what) {
        if (image.channels() != 3) {
            throw new IllegalArgumentException(what + " adjustment needs a 3-channel image, got " + image.channels());
        }
    }

    static float clamp(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    @Override
    public String toString() {
        return "ColorJitter[brightness " + brightness + ", contrast " + contrast + ", saturation " + saturation
                + ", hue " + hue + ", p " + probability + "]";
    }
}
