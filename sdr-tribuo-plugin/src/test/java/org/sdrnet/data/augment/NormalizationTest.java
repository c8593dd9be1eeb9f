package org.sdrnet.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void defaultIsMeanHalfStdQuarter() {
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, Normalization.DEFAULT.mean());
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f}, Normalization.DEFAULT.std());
        assertEquals(0f, Normalization.DEFAULT.apply(1, 0.5f), 0f);
        assertEquals(2f, Normalization.DEFAULT.apply(2, 1f), 1e-6f);
        assertEquals(Normalization.uniform(0.5f, 0.25f), Normalization.DEFAULT);
        assertNotEquals(Normalization.uniform(0.4f, 0.25f), Normalization.DEFAULT);
    }

    @Test
    void grayImagesFillThreePlanes() {
        FloatImage gray = new FloatImage(1, 1, 2, new float[] {0f, 1f});
        float[] out = new float[1 + 6];
        Normalization.of(new float[] {0f, 0.5f, 1f}, new float[] {1f, 0.5f, 0.5f}).normalizeInto(gray, out, 1);
        assertArrayEquals(new float[] {0f, 0f, 1f, -1f, 1f, -2f, 0f}, out, 1e-6f);
    }

    @Test
    void accessorsReturnCopiesAndBadValuesAreRejected() {
        Normalization.DEFAULT.mean()[0] = 9f;
        assertEquals(0.5f, Normalization.DEFAULT.mean()[0]);
        assertThrows(IllegalArgumentException.class, () -> Normalization.uniform(0.5f, 0f));
        assertThrows(IllegalArgumentException.class, () -> Normalization.uniform(Float.NaN, 1f));
        assertThrows(IllegalArgumentException.class, () -> Normalization.of(new float[] {0.5f}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.DEFAULT.normalizeInto(FloatImage.zeros(3, 2, 2), new float[11], 0));
    }

    @Test
    void sampleSeedsSeparateImagesViewsAndSeeds() {
        long base = SampleSeeds.forView(1, 10, 0);
        assertEquals(base, SampleSeeds.forView(1, 10, 0));
        assertNotEquals(base, SampleSeeds.forView(1, 10, 1));
        assertNotEquals(base, SampleSeeds.forView(1, 11, 0));
        assertNotEquals(base, SampleSeeds.forView(2, 10, 0));
        assertNotEquals(SampleSeeds.mix(1, 2), SampleSeeds.mix(2, 1));
    }
}
