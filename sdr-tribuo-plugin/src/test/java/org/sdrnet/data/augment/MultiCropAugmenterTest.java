package org.sdrnet.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sdrnet.data.ImageSet;

class MultiCropAugmenterTest {

    private static final ImageSet RGB = TestImages.random(20, 3, 32, 21);
    private static final int[] BATCH = {0, 5, 19, 7, 3};

    @Test
    void defaultsGiveOneGlobalAndFourLocalCrops() {
        MultiCropAugmenter aug = MultiCropAugmenter.trex();
        assertArrayEquals(new int[] {32, 16, 16, 16, 16}, aug.viewSizes());
        assertEquals(5, aug.numViews());
        assertEquals(0.25, aug.globalAugmentation().cropScaleMin());
        assertEquals(0.05, aug.localAugmentation().cropScaleMin());
        assertEquals(0.25, aug.localAugmentation().cropScaleMax());
        List<ViewBatch> views = aug.augment(RGB, BATCH, 1);
        assertEquals(5, views.size());
        assertArrayEquals(new long[] {5, 3, 32, 32}, views.get(0).shape());
        for (int v = 1; v < 5; v++) {
            assertArrayEquals(new long[] {5, 3, 16, 16}, views.get(v).shape());
        }
        for (ViewBatch v : views) {
            for (float x : v.data()) {
                assertTrue(Float.isFinite(x));
            }
        }
    }

    @Test
    void deterministicPerSeedAndIndependentOfThreads() {
        MultiCropAugmenter par = MultiCropAugmenter.trex();
        MultiCropAugmenter seq = MultiCropAugmenter.builder().optParallel(false).build();
        List<ViewBatch> a = par.augment(RGB, BATCH, 3);
        List<ViewBatch> b = seq.augment(RGB, BATCH, 3);
        List<ViewBatch> c = par.augment(RGB, BATCH, 4);
        for (int v = 0; v < a.size(); v++) {
            assertArrayEquals(a.get(v).data(), b.get(v).data());
            assertFalse(Arrays.equals(a.get(v).data(), c.get(v).data()));
        }
        // The local crops of one image are different crops.
        assertFalse(Arrays.equals(a.get(1).data(), a.get(2).data()));
    }

    @Test
    void customCropCountsAndBadSettings() {
        MultiCropAugmenter aug = MultiCropAugmenter.builder().optGlobalCrops(2, 24, 0.4, 1).optLocalCrops(0, 8, 0.1, 0.2).build();
        assertArrayEquals(new int[] {24, 24}, aug.viewSizes());
        assertThrows(IllegalArgumentException.class, () -> MultiCropAugmenter.builder().optGlobalCrops(0, 32, 0.25, 1).build());
        assertThrows(IllegalArgumentException.class, () -> MultiCropAugmenter.builder().optLocalCrops(-1, 16, 0.05, 0.25).build());
        assertThrows(IllegalArgumentException.class, () -> MultiCropAugmenter.builder().optLocalCrops(4, 16, 0.3, 0.2).build());
    }
}
