package org.sdrnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageResizeTest {
    @Test
    void halvingIsTheMeanOfEach2x2BlockPerChannel() {
        // 2 channels of 4x2; the second channel is the first plus 100.
        float[] src = {0, 2, 4, 6, 8, 10, 12, 14, 100, 102, 104, 106, 108, 110, 112, 114};
        float[] out = ImageResize.halve(src, 2, 4, 2);
        assertArrayEquals(new float[] {5, 9, 105, 109}, out, 1e-6f);
    }

    @Test
    void upsamplingInterpolatesBetweenPixelCentres() {
        float[] out = ImageResize.resize(new float[] {0, 100}, 1, 2, 1, 4, 1);
        // Centres of the 4 outputs map to source x = -0.25, 0.25, 0.75, 1.25 (clamped at the borders).
        assertArrayEquals(new float[] {0, 25, 75, 100}, out, 1e-5f);
    }

    @Test
    void constantImagesStayConstantAndSameSizeIsACopy() {
        float[] c = new float[3 * 25 * 25];
        java.util.Arrays.fill(c, 42f);
        for (float v : ImageResize.resize(c, 3, 25, 25, 32, 32)) {
            assertEquals(42f, v, 1e-4f);
        }
        for (float v : ImageResize.shrinkTo(c, 3, 25, 25, 3, 5)) {
            assertEquals(42f, v, 1e-4f);
        }
        float[] same = ImageResize.resize(c, 3, 25, 25, 25, 25);
        assertArrayEquals(c, same);
    }

    @Test
    void shrinkHalvesWhileTwiceTheTargetThenResizes() {
        // A 1-pixel checkerboard averages to exactly gray by halving; a direct bilinear step would alias.
        int n = 64;
        float[] board = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                board[y * n + x] = (x + y) % 2 == 0 ? 0 : 255;
            }
        }
        for (float v : ImageResize.shrinkTo(board, 1, n, n, 8, 8)) {
            assertEquals(127.5f, v, 1e-4f);
        }
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
