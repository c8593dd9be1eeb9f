package org.sdrnet.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.sdrnet.pretrain.loss.SiameseLosses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SiameseLossesTest {

    @Test
    void identicalViewsGiveMinusOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.randomNormal(new Shape(8, 16));
            assertEquals(-1f, SiameseLosses.simSiam(z, z, z, z).getFloat(), 1e-5);
            // scale does not matter: cosine
            assertEquals(-1f, SiameseLosses.negativeCosine(z.mul(3f), z).getFloat(), 1e-5);
        }
    }

    /**
     * A scaled loss term keeps its scale for the backward pass even when the GC runs in between and the freed memory is
     * reused ({@code x.mul(0.5f)} failed this: DJL closes the scalar tensor autograd still holds).
     */
    @Test
    void scaledTermsKeepTheirScaleThroughAGcBeforeBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int round = 0; round < 20; round++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(new float[] {1, 2, 3}, new Shape(3));
                    x.setRequiresGradient(true);
                    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                        NDArray loss = SiameseLosses.scaled(x.sum(), 0.5f);
                        for (int i = 0; i < 3; i++) {
                            System.gc();
                        }
                        try (NDManager junk = m.newSubManager()) { // reuse freed native memory with other values
                            for (int i = 0; i < 200; i++) {
                                junk.create(1e6f);
                            }
                        }
                        gc.backward(loss);
                    }
                    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, x.getGradient().toFloatArray(), 0f, "round " + round);
                }
            }
        }
    }

    @Test
    void orthogonalAndOppositeVectorsGiveClosedFormValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 0, 0, 2}, new Shape(2, 2));
            NDArray b = m.create(new float[] {0, 5, -3, 0}, new Shape(2, 2));
            assertEquals(0f, SiameseLosses.negativeCosine(a, b).getFloat(), 1e-6);
            assertEquals(1f, SiameseLosses.negativeCosine(a, a.neg()).getFloat(), 1e-6);
            // 45 degrees: -cos(pi/4)
            NDArray c = m.create(new float[] {1, 1}, new Shape(1, 2));
            NDArray d = m.create(new float[] {1, 0}, new Shape(1, 2));
            assertEquals(-Math.sqrt(0.5), SiameseLosses.negativeCosine(c, d).getFloat(), 1e-6);
        }
    }

    @Test
    void stopGradientBlocksTheTargetBranch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(new float[] {1, 2, 3}, new Shape(1, 3));
            NDArray z = m.create(new float[] {3, 1, 2}, new Shape(1, 3));
            p.setRequiresGradient(true);
            z.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(SiameseLosses.negativeCosine(p, z));
            }
            assertEquals(0f, z.getGradient().abs().sum().getFloat(), 0f);
            org.junit.jupiter.api.Assertions.assertTrue(p.getGradient().abs().sum().getFloat() > 0);
        }
    }

    @Test
    void collapseMonitorIsZeroForConstantOutputsAndNearOneOverSqrtDForSpreadOutputs() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray constant = m.ones(new Shape(64, 32));
            assertEquals(0f, SiameseLosses.normalizedStd(constant).getFloat(), 1e-6);
            m.getEngine().setRandomSeed(3);
            NDArray gaussian = m.randomNormal(new Shape(4096, 32));
            assertEquals(1 / Math.sqrt(32), SiameseLosses.normalizedStd(gaussian).getFloat(), 0.01);
        }
    }
}
