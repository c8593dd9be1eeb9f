package org.sdrnet.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {

    @Test
    void fullScaleSquareCropAtInputSizeReturnsTheInput() {
        FloatImage in = TestImages.randomFloat(3, 32, 32, 1);
        FloatImage out = new RandomResizedCrop(32, 1, 1, 1, 1).apply(in.copy(), new SplittableRandom(5));
        assertEquals(32, out.height());
        assertEquals(32, out.width());
        assertTrue(TestImages.maxAbsDiff(in.data(), out.data()) <= 1e-5f);
    }

    @Test
    void outputHasRequestedSizeAndStaysWithinInputRange() {
        FloatImage in = TestImages.randomFloat(3, 32, 32, 2);
        RandomResizedCrop crop = new RandomResizedCrop(16, 0.05, 0.25);
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 50; t++) {
            FloatImage out = crop.apply(in.copy(), r);
            assertEquals(3, out.channels());
            assertEquals(16, out.height());
            assertEquals(16, out.width());
            for (float v : out.data()) {
                // Bilinear interpolation is a convex combination of input pixels.
                assertTrue(v >= 0f && v <= 1f, "value " + v);
            }
        }
    }

    @Test
    void sampledBoxesFitAndRespectScaleAndRatio() {
        RandomResizedCrop crop = new RandomResizedCrop(32, 0.2, 1.0);
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 500; t++) {
            int[] box = crop.sampleBox(32, 32, r);
            int top = box[0], left = box[1], h = box[2], w = box[3];
            assertTrue(top >= 0 && left >= 0 && top + h <= 32 && left + w <= 32, "box inside the image");
            double area = h * w / 1024.0;
            // Rounding each side to whole pixels moves the area a little beyond the sampled range.
            assertTrue(area >= 0.2 * 0.85 && area <= 1.0, "area fraction " + area);
            double ratio = (double) w / h;
            assertTrue(ratio >= 0.75 * 0.85 && ratio <= 4.0 / 3 / 0.85, "aspect ratio " + ratio);
        }
    }

    @Test
    void impossibleRatioFallsBackToCentredCrop() {
        // No box with width/height >= 5 covers 90% of a square image: the fallback is centred, full width.
        RandomResizedCrop crop = new RandomResizedCrop(8, 0.9, 1.0, 5, 6);
        int[] box = crop.sampleBox(32, 32, new SplittableRandom(1));
        assertArrayEquals(new int[] {13, 0, 6, 32}, box);
    }

    @Test
    void bilinearDownscaleOfARampHitsPixelCentres() {
        // A 1x4 ramp 0,1,2,3 halved: output pixel centres fall at input positions 0.5 and 2.5.
        FloatImage ramp = new FloatImage(1, 1, 4, new float[] {0, 1, 2, 3});
        FloatImage out = RandomResizedCrop.resizeBilinear(ramp, 0, 0, 1, 4, 1, 2);
        assertArrayEquals(new float[] {0.5f, 2.5f}, out.data(), 1e-6f);
    }

    @Test
    void bilinearUpscaleOfABoxKeepsItsValues() {
        // Doubling a 2x2 box in the corner of a 3x3 image uses only the box's pixels.
        FloatImage img = new FloatImage(1, 3, 3, new float[] {0, 1, 9, 2, 3, 9, 9, 9, 9});
        FloatImage out = RandomResizedCrop.resizeBilinear(img, 0, 0, 2, 2, 4, 4);
        for (float v : out.data()) {
            assertTrue(v >= 0 && v <= 3, "value " + v + " comes from outside the box");
        }
        assertEquals(0f, out.get(0, 0, 0), 1e-6f);
        assertEquals(3f, out.get(0, 3, 3), 1e-6f);
        assertEquals(0.25f, out.get(0, 0, 1), 1e-6f); // position 0.25 between 0 and 1
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(32, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(32, 0.5, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(32, 0.2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(32, 0.2, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(32, 0.2, 1, -1, 1));
    }
}
