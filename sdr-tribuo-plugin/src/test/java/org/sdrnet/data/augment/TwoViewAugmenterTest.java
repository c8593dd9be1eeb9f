package org.sdrnet.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.sdrnet.data.ImageSet;

class TwoViewAugmenterTest {

    private static final ImageSet RGB = TestImages.random(40, 3, 32, 11);
    private static final ImageSet GRAY = TestImages.random(40, 1, 32, 12);
    private static final int[] BATCH = {3, 17, 0, 39, 8, 8, 25, 12, 30, 1};

    @Test
    void producesTwoNormalisedViewsOfTheRightShape() {
        List<ViewBatch> views = TwoViewAugmenter.simsiam().augment(RGB, BATCH, 1);
        assertEquals(2, views.size());
        for (ViewBatch v : views) {
            assertArrayEquals(new long[] {BATCH.length, 3, 32, 32}, v.shape());
            assertEquals(BATCH.length * 3 * 32 * 32, v.data().length);
            for (float x : v.data()) {
                // [0, 1] pixels normalised with mean 0.5, std 0.25 land in [-2, 2].
                assertTrue(Float.isFinite(x) && x >= -2f - 1e-5f && x <= 2f + 1e-5f, "value " + x);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalViewsAndOtherSeedsDiffer() {
        TwoViewAugmenter aug = TwoViewAugmenter.simsiam();
        List<ViewBatch> a = aug.augment(RGB, BATCH, 42);
        List<ViewBatch> b = TwoViewAugmenter.simsiam().augment(RGB, BATCH, 42);
        List<ViewBatch> c = aug.augment(RGB, BATCH, 43);
        for (int v = 0; v < 2; v++) {
            assertArrayEquals(a.get(v).data(), b.get(v).data());
            assertFalse(Arrays.equals(a.get(v).data(), c.get(v).data()));
        }
    }

    @Test
    void resultDoesNotDependOnThreads() throws Exception {
        TwoViewAugmenter sequential = TwoViewAugmenter.builder().optParallel(false).build();
        TwoViewAugmenter parallel = TwoViewAugmenter.builder().optParallel(true).build();
        int[] big = new int[300];
        Arrays.setAll(big, i -> (i * 7) % RGB.size());
        List<ViewBatch> expected = sequential.augment(RGB, big, 9);
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            // A parallel stream started inside a pool runs on that pool's 4 workers.
            List<ViewBatch> actual = pool.submit(() -> parallel.augment(RGB, big, 9)).get();
            for (int v = 0; v < 2; v++) {
                assertArrayEquals(expected.get(v).data(), actual.get(v).data());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theTwoViewsOfAnImageDiffer() {
        List<ViewBatch> views = TwoViewAugmenter.simsiam().augment(RGB, BATCH, 5);
        int per = 3 * 32 * 32;
        for (int b = 0; b < BATCH.length; b++) {
            float[] v1 = Arrays.copyOfRange(views.get(0).data(), b * per, (b + 1) * per);
            float[] v2 = Arrays.copyOfRange(views.get(1).data(), b * per, (b + 1) * per);
            assertTrue(TestImages.maxAbsDiff(v1, v2) > 1e-3f, "views of sample " + b + " are equal");
        }
    }

    @Test
    void viewsFollowTheImageNotItsPositionInTheBatch() {
        TwoViewAugmenter aug = TwoViewAugmenter.simsiam();
        int[] reversed = BATCH.clone();
        for (int i = 0; i < reversed.length / 2; i++) {
            int t = reversed[i];
            reversed[i] = reversed[reversed.length - 1 - i];
            reversed[reversed.length - 1 - i] = t;
        }
        List<ViewBatch> a = aug.augment(RGB, BATCH, 77);
        List<ViewBatch> b = aug.augment(RGB, reversed, 77);
        int per = 3 * 32 * 32;
        int n = BATCH.length;
        for (int v = 0; v < 2; v++) {
            for (int i = 0; i < n; i++) {
                assertArrayEquals(Arrays.copyOfRange(a.get(v).data(), i * per, (i + 1) * per),
                        Arrays.copyOfRange(b.get(v).data(), (n - 1 - i) * per, (n - i) * per));
            }
        }
    }

    @Test
    void noAugmentationEqualsThePlainBatch() {
        TwoViewAugmenter none = TwoViewAugmenter.builder().optAugmentation(ViewAugmentation.resizeOnly()).build();
        for (ImageSet set : List.of(RGB, GRAY)) {
            float[] plain = BatchTensors.plain(set, BATCH, Normalization.DEFAULT);
            List<ViewBatch> views = none.augment(set, BATCH, 3);
            assertTrue(TestImages.maxAbsDiff(plain, views.get(0).data()) <= 1e-5f);
            assertTrue(TestImages.maxAbsDiff(plain, views.get(1).data()) <= 1e-5f);
        }
    }

    @Test
    void grayImagesAreReplicatedToThreeEqualChannels() {
        List<ViewBatch> views = TwoViewAugmenter.simsiam().augment(GRAY, BATCH, 8);
        int plane = 32 * 32;
        for (ViewBatch v : views) {
            float[] d = v.data();
            for (int b = 0; b < BATCH.length; b++) {
                int base = b * 3 * plane;
                for (int k = 0; k < plane; k++) {
                    assertEquals(d[base + k], d[base + plane + k], 0f);
                    assertEquals(d[base + k], d[base + 2 * plane + k], 0f);
                }
            }
        }
    }

    @Test
    void constantImageGivesTheKnownNormalisedValue() {
        // A constant image stays constant under crops, flips, grayscale and blur; jitter is off here.
        ViewAugmentation noJitter = ViewAugmentation.SIMSIAM.toBuilder().optJitterProbability(0).build();
        TwoViewAugmenter aug = TwoViewAugmenter.builder().optAugmentation(noJitter)
                .optNormalization(Normalization.of(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.25f, 0.5f, 0.1f}))
                .build();
        ImageSet white = TestImages.constant(4, 3, 32, 255);
        float[] expected = {2f, 1.2f, 7f};
        for (ViewBatch v : aug.augment(white, new int[] {0, 1, 2, 3}, 1)) {
            float[] d = v.data();
            for (int i = 0; i < d.length; i++) {
                int c = (i / (32 * 32)) % 3;
                assertEquals(expected[c], d[i], 1e-5f);
            }
        }
    }

    @Test
    void emptyBatchAndBadIndices() {
        TwoViewAugmenter aug = TwoViewAugmenter.simsiam();
        assertEquals(0, aug.augment(RGB, new int[0], 1).get(0).data().length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> aug.augment(RGB, new int[] {0, 40}, 1));
        assertTrue(e.getMessage().contains("40"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> aug.augment(RGB, new int[] {-1}, 1));
        assertThrows(IllegalArgumentException.class, () -> TwoViewAugmenter.builder().optOutputSize(0).build());
    }

    @Test
    void viewAugmentationValidatesSettingsAtBuild() {
        assertThrows(IllegalArgumentException.class, () -> ViewAugmentation.builder().optCropScale(0.5, 0.1).build());
        assertThrows(IllegalArgumentException.class, () -> ViewAugmentation.builder().optFlipProbability(2).build());
        assertThrows(IllegalArgumentException.class, () -> ViewAugmentation.builder().optBlurKernelSize(4).build());
        assertThrows(IllegalArgumentException.class, () -> ViewAugmentation.builder().optBlurReferenceSize(0).build());
        ViewAugmentation v = ViewAugmentation.SIMSIAM.toBuilder().optCropScale(0.3, 0.9).build();
        assertEquals(0.3, v.cropScaleMin());
        assertEquals(ViewAugmentation.SIMSIAM.brightness(), v.brightness());
    }
}
