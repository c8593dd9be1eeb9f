package org.sdrnet.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sdrnet.data.ImageSet;

class BatchTensorsTest {

    @Test
    void layoutIsNchwWithGrayReplicated() {
        ImageSet rgb = TestImages.random(6, 3, 32, 31);
        ImageSet gray = TestImages.random(6, 1, 32, 32);
        int[] idx = {4, 1, 4};
        float[] r = BatchTensors.plain(rgb, idx, Normalization.DEFAULT);
        float[] g = BatchTensors.plain(gray, idx, Normalization.DEFAULT);
        assertEquals(3 * 3 * 32 * 32, r.length);
        assertEquals(3 * 3 * 32 * 32, g.length);
        for (int b = 0; b < idx.length; b++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y += 5) {
                    for (int x = 0; x < 32; x += 3) {
                        int at = ((b * 3 + c) * 32 + y) * 32 + x;
                        assertEquals((rgb.pixel(idx[b], c, y, x) / 255f - 0.5f) / 0.25f, r[at], 1e-5f);
                        assertEquals((gray.pixel(idx[b], 0, y, x) / 255f - 0.5f) / 0.25f, g[at], 1e-5f);
                    }
                }
            }
        }
    }

    @Test
    void constantImagesGiveKnownValues() {
        Normalization n = Normalization.of(new float[] {0.5f, 0.5f, 0f}, new float[] {0.25f, 0.5f, 1f});
        float[] black = BatchTensors.plain(TestImages.constant(2, 3, 32, 0), new int[] {0, 1}, n);
        float[] expected = {-2f, -1f, 0f};
        for (int i = 0; i < black.length; i++) {
            assertEquals(expected[(i / 1024) % 3], black[i], 1e-6f);
        }
    }

    @Test
    void rejectsBadInput() {
        ImageSet set = TestImages.random(2, 3, 32, 1);
        assertThrows(IllegalArgumentException.class, () -> BatchTensors.plain(set, new int[] {2}, Normalization.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> BatchTensors.plain(set, new int[] {0}, null));
    }
}
