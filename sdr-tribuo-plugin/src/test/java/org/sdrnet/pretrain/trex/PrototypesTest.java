package org.sdrnet.pretrain.trex;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prototypes on known inputs: the normalised sum per class, and the zero vector for a class absent from the memory. */
class PrototypesTest {

    @Test
    void eachClassIsTheNormalisedSumOfItsRowsAndAnEmptyClassIsZero() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray features = m.create(new float[] {
                1, 0,    // class 0
                0, 1,    // class 0
                3, 4,    // class 2
                -2, 0,   // class 3
                -1, 0    // class 3
            }, new Shape(5, 2));
            NDArray labels = m.create(new float[] {0, 0, 2, 3, 3});
            float[] p = Prototypes.of(m, features, labels, 4).toFloatArray();
            float s = (float) (1 / Math.sqrt(2));
            assertArrayEquals(new float[] {s, s, 0, 0, 0.6f, 0.8f, -1, 0}, p, 1e-6f);
        }
    }

    @Test
    void aMemoryWithNoRowOfAnyClassGivesOnlyZeros() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray p = Prototypes.of(m, m.ones(new Shape(3, 4)), m.create(new float[] {5, 5, 5}), 3);
            assertEquals(new Shape(3, 4), p.getShape());
            assertArrayEquals(new float[12], p.toFloatArray());
        }
    }
}
