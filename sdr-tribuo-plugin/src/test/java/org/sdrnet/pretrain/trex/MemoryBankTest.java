package org.sdrnet.pretrain.trex;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.sdrnet.nn.Weights;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory bank: random unit start from a seed, FIFO order with wrap-around, state that round-trips exactly. */
class MemoryBankTest {

    /** Rows of {@code n} features of dimension 2 whose values are {@code base + row}, so each row is recognisable. */
    private static NDArray rows(NDManager m, int n, float base) {
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            v[2 * i] = base + i;
            v[2 * i + 1] = -(base + i);
        }
        return m.create(v, new Shape(n, 2));
    }

    @Test
    void startsWithRandomUnitFeaturesAndLabelsFromTheSeed() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MemoryBank a = MemoryBank.random(64, 8, 5, 3, m);
            MemoryBank b = MemoryBank.random(64, 8, 5, 3, m);
            MemoryBank c = MemoryBank.random(64, 8, 5, 4, m);
            float[] norms = a.features().norm(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5f);
            }
            for (float l : a.labels().toFloatArray()) {
                assertTrue(l >= 0 && l < 5 && l == Math.rint(l), "label " + l);
            }
            assertArrayEquals(a.features().toFloatArray(), b.features().toFloatArray(), "same seed, same bank");
            assertArrayEquals(a.labels().toFloatArray(), b.labels().toFloatArray());
            assertFalse(java.util.Arrays.equals(a.features().toFloatArray(), c.features().toFloatArray()), "another seed");
            assertEquals(0, a.writePointer());
            for (Parameter p : a.namedParameters().values()) {
                assertFalse(p.requiresGradient(), p.getName() + " is frozen");
            }
        }
    }

    @Test
    void enqueueOverwritesTheOldestRowsInOrderAndWrapsAround() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MemoryBank bank = MemoryBank.random(5, 2, 10, 1, m);
            float[] start = bank.features().toFloatArray();
            bank.enqueue(rows(m, 3, 100), new int[] {7, 8, 9}); // rows 0..2
            assertEquals(3, bank.writePointer());
            float[] f = bank.features().toFloatArray();
            assertArrayEquals(new float[] {100, -100, 101, -101, 102, -102}, java.util.Arrays.copyOfRange(f, 0, 6));
            assertArrayEquals(java.util.Arrays.copyOfRange(start, 6, 10), java.util.Arrays.copyOfRange(f, 6, 10), "rows 3, 4 untouched");
            assertArrayEquals(new float[] {7, 8, 9}, java.util.Arrays.copyOfRange(bank.labels().toFloatArray(), 0, 3));

            bank.enqueue(rows(m, 4, 200), new int[] {1, 2, 3, 4}); // rows 3, 4, then 0, 1
            assertEquals(2, bank.writePointer());
            assertArrayEquals(new float[] {202, -202, 203, -203, 102, -102, 200, -200, 201, -201}, bank.features().toFloatArray());
            assertArrayEquals(new float[] {3, 4, 9, 1, 2}, bank.labels().toFloatArray());

            bank.enqueue(rows(m, 3, 300), new int[] {5, 5, 5}); // rows 2, 3, 4: ends exactly at the end
            assertEquals(0, bank.writePointer());
            assertArrayEquals(new float[] {3, 4, 5, 5, 5}, bank.labels().toFloatArray());
        }
    }

    @Test
    void badBatchesAreRefusedNamingTheProblem() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MemoryBank bank = MemoryBank.random(4, 2, 3, 1, m);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> bank.enqueue(rows(m, 5, 0), new int[5]))
                    .getMessage().contains("capacity 4 cannot take a batch of 5"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> bank.enqueue(rows(m, 2, 0), new int[] {0, 3}))
                    .getMessage().contains("label 3 outside [0, 3)"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> bank.enqueue(m.zeros(new Shape(2, 3)), new int[2]))
                    .getMessage().contains("dimension 2 cannot take features of shape (2, 3)"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryBank.random(0, 2, 3, 1, m))
                    .getMessage().contains("capacity"));
        }
    }

    /** The state read out (as a checkpoint does) and loaded into a fresh bank gives the same bank, which then continues alike. */
    @Test
    void stateRoundTripsExactly() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MemoryBank bank = MemoryBank.random(6, 2, 4, 1, m);
            bank.enqueue(rows(m, 4, 10), new int[] {0, 1, 2, 3});
            Map<String, NDArray> saved = Weights.arrays(bank.namedParameters());
            Map<String, NDArray> copy = new java.util.LinkedHashMap<>();
            saved.forEach((k, v) -> copy.put(k, v.duplicate()));

            MemoryBank restored = MemoryBank.random(6, 2, 4, 99, m);
            assertNotEquals(bank.writePointer(), restored.writePointer(), "different before");
            assertFalse(java.util.Arrays.equals(bank.features().toFloatArray(), restored.features().toFloatArray()));
            Weights.load(restored.namedParameters(), copy, "test");
            assertEquals(4, restored.writePointer());
            assertArrayEquals(bank.features().toFloatArray(), restored.features().toFloatArray());
            assertArrayEquals(bank.labels().toFloatArray(), restored.labels().toFloatArray());

            bank.enqueue(rows(m, 3, 50), new int[] {1, 1, 1});
            restored.enqueue(rows(m, 3, 50), new int[] {1, 1, 1});
            assertEquals(bank.writePointer(), restored.writePointer());
            assertArrayEquals(bank.features().toFloatArray(), restored.features().toFloatArray());
            assertArrayEquals(bank.labels().toFloatArray(), restored.labels().toFloatArray());
        }
    }
}
