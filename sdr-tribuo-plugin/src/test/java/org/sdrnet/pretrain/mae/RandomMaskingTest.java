package org.sdrnet.pretrain.mae;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MAE's masking: the exact ratio per image, consistent index tables, and masks fixed by (seed, step, image) alone. */
class RandomMaskingTest {

    @Test
    void everyImageHasExactlyTheRatioMaskedAndTheTablesAgree() {
        RandomMasking m = RandomMasking.of(64, 0.75);
        assertEquals(16, m.visible());
        int[] images = {5, 9, 3, 700};
        RandomMasking.Batch b = m.sample(images, 42L);
        for (int i = 0; i < images.length; i++) {
            float masked = 0;
            for (int n = 0; n < 64; n++) {
                masked += b.mask()[i * 64 + n];
            }
            assertEquals(48f, masked, "image " + i);
            assertEquals(16, b.keep()[i].length);
            int[] sorted = b.order()[i].clone();
            Arrays.sort(sorted);
            for (int n = 0; n < 64; n++) {
                assertEquals(n, sorted[n], "order is a permutation");
                assertEquals(n, b.order()[i][b.restore()[i][n]], "restore inverts order");
            }
            for (int k : b.keep()[i]) {
                assertEquals(0f, b.mask()[i * 64 + k], "kept patches are visible");
            }
        }
        long[] keepRows = b.keepRows();
        assertEquals(4 * 16, keepRows.length);
        assertEquals(64L * 3 + b.keep()[3][0], keepRows[3 * 16]);
        assertEquals(64L + b.restore()[1][5], b.restoreRows()[64 + 5]);
    }

    @Test
    void masksAreAFunctionOfTheSeedAndTheImageOnly() {
        RandomMasking m = RandomMasking.of(64, 0.75);
        RandomMasking.Batch a = m.sample(new int[] {1, 2, 3}, 7L);
        RandomMasking.Batch again = m.sample(new int[] {3, 1}, 7L);
        assertArrayEquals(a.keep()[2], again.keep()[0], "image 3 gets its mask wherever it sits in the batch");
        assertArrayEquals(a.keep()[0], again.keep()[1]);
        assertFalse(Arrays.equals(a.keep()[0], a.keep()[1]), "different images, different masks");
        assertFalse(Arrays.equals(a.keep()[0], m.sample(new int[] {1}, 8L).keep()[0]), "another step, another mask");
        assertArrayEquals(a.mask(), m.sample(new int[] {1, 2, 3}, 7L).mask());
    }

    @Test
    void everyPatchIsMaskedAboutAsOftenAsTheRatioSays() {
        RandomMasking m = RandomMasking.of(16, 0.75);
        int[] counts = new int[16];
        int draws = 4000;
        for (int s = 0; s < draws; s++) {
            RandomMasking.Batch b = m.sample(new int[] {s}, 11L);
            for (int n = 0; n < 16; n++) {
                counts[n] += (int) b.mask()[n];
            }
        }
        for (int n = 0; n < 16; n++) {
            // binomial(4000, 0.75): sd ≈ 27, so ±5 sd ≈ ±140
            assertTrue(Math.abs(counts[n] - 0.75 * draws) < 140, "patch " + n + " masked " + counts[n] + " times");
        }
    }

    @Test
    void impossibleRatiosAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> RandomMasking.of(64, 0));
        assertThrows(IllegalArgumentException.class, () -> RandomMasking.of(64, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomMasking.of(4, 0.9));
        assertTrue(e.getMessage().contains("at least one must be visible"), e.getMessage());
    }
}
