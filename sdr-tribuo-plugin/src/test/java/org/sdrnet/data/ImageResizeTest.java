package org.sdrnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageResizeTest {
    @Test
    void resizingToHalfIsTheMeanOfEach2x2BlockPerChannel() {
        // 2 channels of 4x2; the second channel is the first plus 100.
        float[] src = {0, 2, 4, 6, 8, 10, 12, 14, 100, 102, 104, 106, 108, 110, 112, 114};
        float[] out = ImageResize.resize(src, 2, 4, 2, 2, 1);
        assertArrayEquals(new float[] {5, 9, 105, 109}, out, 1e-6f);
    }

    @Test
    void upsamplingInterpolatesBetweenPixelCentres() {
        float[] out = ImageResize.resize(new float[] {0, 100}, 1, 2, 1, 4, 1);
        // Centres of the 4 outputs map to source x = -0.25, 0.25, 0.75, 1.25 (clamped at the borders).
        assertArrayEquals(new float[] {0, 25, 75, 100}, out, 1e-5f);
    }

    @Test
    void sampleReadsTheRequestedRegionMirroredOnRequest() {
        float[] ramp = {0, 10, 20, 30, 40, 50, 60, 70};
        // Columns 2..5 taken 1:1; mirrored they come out right to left.
        assertArrayEquals(new double[] {20, 30, 40, 50}, ImageResize.sample(ramp, 1, 8, 1, 2, 0, 4, 1, 4, 1, false), 1e-12);
        assertArrayEquals(new double[] {50, 40, 30, 20}, ImageResize.sample(ramp, 1, 8, 1, 2, 0, 4, 1, 4, 1, true), 1e-12);
    }

    @Test
    void constantImagesStayConstantAndSameSizeIsACopy() {
        float[] c = new float[3 * 25 * 25];
        java.util.Arrays.fill(c, 42f);
        for (float v : ImageResize.resize(c, 3, 25, 25, 32, 32)) {
            assertEquals(42f, v, 1e-4f);
        }
        for (float v : ImageResize.resize(c, 3, 25, 25, 3, 5)) {
            assertEquals(42f, v, 1e-4f);
        }
        float[] same = ImageResize.resize(c, 3, 25, 25, 25, 25);
        assertArrayEquals(c, same);
    }

    @Test
    void halvingAveragesWhileASideIsOverTwiceItsTarget() {
        // A 1-pixel checkerboard averages to gray by halving (127.5, stored as 128); a direct bilinear step would alias.
        int n = 64;
        byte[] board = new byte[3 * n * n];
        for (int p = 0; p < n * n; p++) {
            byte v = (byte) ((p / n + p % n) % 2 == 0 ? 0 : 255);
            board[3 * p] = v;
            board[3 * p + 1] = v;
            board[3 * p + 2] = v;
        }
        RgbImage shrunk = ImageResize.halveWhileOver(new RgbImage(n, n, board), 8, 8);
        assertEquals(16, shrunk.width(), "64 -> 32 -> 16, which is not over twice 8");
        assertEquals(16, shrunk.height());
        for (byte v : shrunk.rgb()) {
            assertEquals(128, v & 0xFF);
        }
        // Each side on its own: a 40x6 strip halves its width only; the 2x2 means round half up.
        byte[] strip = new byte[3 * 40 * 6];
        for (int p = 0; p < 40 * 6; p++) {
            strip[3 * p] = (byte) (p % 40);
        }
        RgbImage half = ImageResize.halveWhileOver(new RgbImage(40, 6, strip), 16, 6);
        assertEquals(20, half.width());
        assertEquals(6, half.height());
        assertEquals(1, half.rgb()[0], "(0 + 1 + 0 + 1) / 4 = 0.5 rounds to 1");
        assertEquals(39, half.rgb()[3 * 19], "(38 + 39 + 38 + 39) / 4 = 38.5 rounds to 39");
        RgbImage small = new RgbImage(2, 2, new byte[12]);
        assertSame(small, ImageResize.halveWhileOver(small, 1, 1), "nothing to halve");
    }

    @Test
    void padCentresOnFillAndToBytesRoundsAndClamps() {
        float[] out = ImageResize.pad(new float[] {1, 2}, 1, 2, 1, 4, 9f);
        assertArrayEquals(new float[] {9, 9, 9, 9, 9, 1, 2, 9, 9, 9, 9, 9, 9, 9, 9, 9}, out);
        byte[] b = new byte[4];
        ImageResize.toBytes(new float[] {-3f, 127.5f, 254.6f, 300f}, b, 0);
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255, (byte) 255}, b);
        assertThrows(IllegalArgumentException.class, () -> ImageResize.pad(new float[25], 1, 5, 5, 4, 0f));
        assertThrows(IllegalArgumentException.class, () -> ImageResize.resize(new float[3], 1, 2, 2, 1, 1));
    }
}
