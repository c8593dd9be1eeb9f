package org.sdrnet.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flip, colour jitter, grayscale and blur. */
class PhotometricTransformsTest {

    private static void assertEqualChannels(FloatImage img) {
        int p = img.planeSize();
        float[] d = img.data();
        for (int k = 0; k < p; k++) {
            assertEquals(d[k], d[p + k], 0f);
            assertEquals(d[k], d[2 * p + k], 0f);
        }
    }

    @Test
    void flipTwiceIsIdentityAndFlipMirrors() {
        FloatImage in = TestImages.randomFloat(3, 32, 32, 1);
        FloatImage img = in.copy();
        HorizontalFlip always = new HorizontalFlip(1);
        img = always.apply(img, new SplittableRandom(1));
        assertEquals(in.get(1, 5, 0), img.get(1, 5, 31), 0f);
        assertNotEquals(in, img);
        img = always.apply(img, new SplittableRandom(2));
        assertEquals(in, img);
    }

    @Test
    void flipWithZeroProbabilityLeavesImage() {
        FloatImage in = TestImages.randomFloat(1, 8, 8, 2);
        assertEquals(in, new HorizontalFlip(0).apply(in.copy(), new SplittableRandom(3)));
    }

    @Test
    void jitterWithZeroStrengthsIsIdentity() {
        ColorJitter none = new ColorJitter(0, 0, 0, 0, 1);
        for (int channels : new int[] {1, 3}) {
            FloatImage in = TestImages.randomFloat(channels, 32, 32, 3);
            for (long seed = 0; seed < 10; seed++) {
                FloatImage out = none.apply(in.copy(), new SplittableRandom(seed));
                assertTrue(TestImages.maxAbsDiff(in.data(), out.data()) <= 1e-5f);
            }
        }
    }

    @Test
    void jitterChangesColourImagesAndStaysInRange() {
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.4, 0.1, 1);
        FloatImage in = TestImages.randomFloat(3, 32, 32, 4);
        FloatImage out = jitter.apply(in.copy(), new SplittableRandom(5));
        assertTrue(TestImages.maxAbsDiff(in.data(), out.data()) > 1e-3f);
        for (float v : out.data()) {
            assertTrue(v >= 0f && v <= 1f, "value " + v);
        }
    }

    @Test
    void jitterOnGrayImagesKeepsOneChannel() {
        FloatImage in = TestImages.randomFloat(1, 16, 16, 6);
        FloatImage out = new ColorJitter().apply(in.copy(), new SplittableRandom(1));
        assertEquals(1, out.channels());
        for (float v : out.data()) {
            assertTrue(v >= 0f && v <= 1f);
        }
    }

    @Test
    void brightnessScalesAndClamps() {
        FloatImage img = new FloatImage(1, 1, 3, new float[] {0.2f, 0.5f, 0.9f});
        ColorJitter.adjustBrightness(img, 1.5f);
        assertArrayEquals(new float[] {0.3f, 0.75f, 1f}, img.data(), 1e-6f);
    }

    @Test
    void contrastBlendsWithTheMean() {
        FloatImage img = new FloatImage(1, 1, 2, new float[] {0.2f, 0.6f});
        ColorJitter.adjustContrast(img, 0.5f); // mean 0.4: 0.5·x + 0.2
        assertArrayEquals(new float[] {0.3f, 0.5f}, img.data(), 1e-6f);
        FloatImage flat = new FloatImage(3, 4, 4, filled(48, 0.3f));
        ColorJitter.adjustContrast(flat, 1.4f);
        assertArrayEquals(filled(48, 0.3f), flat.data(), 1e-6f);
    }

    @Test
    void zeroSaturationGivesGrayPixels() {
        FloatImage img = TestImages.randomFloat(3, 8, 8, 7);
        ColorJitter.adjustSaturation(img, 0f);
        assertEqualChannels(img);
    }

    @Test
    void hueThirdTurnMapsRedToGreenAndKeepsGray() {
        // Pixel 0 pure red, pixel 1 gray.
        FloatImage img = new FloatImage(3, 1, 2, new float[] {1f, 0.4f, 0f, 0.4f, 0f, 0.4f});
        ColorJitter.adjustHue(img, 1f / 3f);
        assertEquals(0f, img.get(0, 0, 0), 1e-5f);
        assertEquals(1f, img.get(1, 0, 0), 1e-5f);
        assertEquals(0f, img.get(2, 0, 0), 1e-5f);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.4f, img.get(c, 0, 1), 0f);
        }
    }

    @Test
    void hueShiftRoundTripsAndWholeTurnIsIdentity() {
        FloatImage in = TestImages.randomFloat(3, 16, 16, 8);
        FloatImage img = in.copy();
        ColorJitter.adjustHue(img, 0.3f);
        ColorJitter.adjustHue(img, -0.3f);
        assertTrue(TestImages.maxAbsDiff(in.data(), img.data()) <= 1e-5f);
        FloatImage tiny = in.copy();
        ColorJitter.adjustHue(tiny, 1e-9f);
        assertTrue(TestImages.maxAbsDiff(in.data(), tiny.data()) <= 1e-5f);
    }

    @Test
    void jitterRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-0.1, 0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, 0, 0.6, 1));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, 0, 0, 1.2));
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, Double.NaN, 0, 0, 1));
    }

    @Test
    void grayscaleGivesEqualChannelsWithLuma() {
        FloatImage img = new FloatImage(3, 1, 1, new float[] {1f, 0.5f, 0f});
        FloatImage out = new RandomGrayscale(1).apply(img, new SplittableRandom(1));
        assertEquals(3, out.channels());
        assertEqualChannels(out);
        assertEquals(0.299f + 0.5f * 0.587f, out.get(0, 0, 0), 1e-6f);
        FloatImage rnd = new RandomGrayscale(1).apply(TestImages.randomFloat(3, 32, 32, 9), new SplittableRandom(2));
        assertEqualChannels(rnd);
    }

    @Test
    void grayscaleLeavesGrayImagesAlone() {
        FloatImage in = TestImages.randomFloat(1, 8, 8, 10);
        FloatImage out = new RandomGrayscale(1).apply(in.copy(), new SplittableRandom(1));
        assertEquals(in, out);
    }

    @Test
    void blurKernelIsNormalisedAndSymmetric() {
        float[] k = GaussianBlur.kernel(1.0, 5);
        float sum = 0;
        for (float v : k) {
            sum += v;
        }
        assertEquals(1f, sum, 1e-6f);
        assertEquals(k[0], k[4], 0f);
        assertEquals(k[1], k[3], 0f);
        assertTrue(k[2] > k[1] && k[1] > k[0]);
        assertEquals(Math.exp(-0.5), k[1] / k[2], 1e-6);
    }

    @Test
    void blurKeepsConstantImagesAndSpreadsAnImpulse() {
        FloatImage flat = new FloatImage(3, 8, 8, filled(192, 0.7f));
        GaussianBlur.blur(flat, GaussianBlur.kernel(1.5, 5));
        assertArrayEquals(filled(192, 0.7f), flat.data(), 1e-6f);

        FloatImage impulse = FloatImage.zeros(1, 9, 9);
        impulse.data()[4 * 9 + 4] = 1f;
        float[] k = GaussianBlur.kernel(1.0, 3);
        GaussianBlur.blur(impulse, k);
        assertEquals(k[1] * k[1], impulse.get(0, 4, 4), 1e-6f);
        assertEquals(k[0] * k[1], impulse.get(0, 3, 4), 1e-6f);
        assertEquals(k[0] * k[0], impulse.get(0, 5, 5), 1e-6f);
        assertEquals(0f, impulse.get(0, 4, 6), 0f);
        float total = 0;
        for (float v : impulse.data()) {
            total += v;
        }
        assertEquals(1f, total, 1e-5f);
    }

    @Test
    void blurMirrorsAtTheBorderWithoutRepeatingTheEdge() {
        assertArrayEquals(new int[] {2, 1, 0, 1, 2, 3, 2, 1}, GaussianBlur.mirrorTable(4, 2));
        assertArrayEquals(new int[] {0, 0, 0}, GaussianBlur.mirrorTable(1, 1));
    }

    @Test
    void blurRejectsBadSettingsAndScalesSigma() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.5, 0.1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.5, 0, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(0.5, 3, 2, 3));
        assertEquals(2.0 * 32 / 224, GaussianBlur.scaledFrom224(2.0, 32), 1e-12);
    }

    @Test
    void pipelineAppliesStepsInOrder() {
        FloatImage in = TestImages.randomFloat(3, 8, 8, 11);
        TransformPipeline p = TransformPipeline.of(new HorizontalFlip(1), new HorizontalFlip(1));
        assertEquals(in, p.apply(in.copy(), new SplittableRandom(1)));
        FloatImage same = in.copy();
        assertSame(same, TransformPipeline.of().apply(same, new SplittableRandom(1)));
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
