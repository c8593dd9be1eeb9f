package org.sdrnet.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SgdTest {

    private static Parameter param(NDManager m, float value) {
        NDArray a = m.full(new Shape(2, 2), value);
        a.setRequiresGradient(true);
        return Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(a).build();
    }

    /** Records {@code loss} inside a gradient scope (the graph is only built there) and back-propagates it. */
    private static void backward(java.util.function.Supplier<NDArray> loss) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.get());
        }
    }

    @Test
    void momentumUpdateMatchesTheClosedFormAndZeroesGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = param(m, 1f);
            Sgd sgd = new Sgd(0.9f, 0f, m);
            for (int i = 0; i < 2; i++) {
                backward(() -> p.getArray().sum()); // gradient 1 everywhere
                assertEquals(2f, sgd.step(Map.of("w", p), 0.1f, 0f), 1e-6f); // norm of four ones, no clipping
            }
            // v1 = 1, w1 = 0.9; v2 = 0.9 + 1 = 1.9, w2 = 0.9 - 0.19 = 0.71
            assertArrayEquals(new float[] {0.71f, 0.71f, 0.71f, 0.71f}, p.getArray().toFloatArray(), 1e-6f);
            assertEquals(0f, p.getArray().getGradient().abs().sum().getFloat());
        }
    }

    @Test
    void aLearningRateFactorScalesOnlyItsParametersUpdate() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = param(m, 1f);
            Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.WEIGHT)
                    .optArray(m.full(new Shape(2, 2), 1f)).build();
            b.getArray().setRequiresGradient(true);
            Sgd sgd = new Sgd(0f, 0f, m);
            backward(() -> a.getArray().sum().add(b.getArray().sum()));
            sgd.step(Map.of("w", a, "b", b), 0.1f, 0f, Map.of("b", 4f));
            assertArrayEquals(new float[] {0.9f, 0.9f, 0.9f, 0.9f}, a.getArray().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.6f, 0.6f, 0.6f, 0.6f}, b.getArray().toFloatArray(), 1e-6f);
        }
    }

    /**
     * A parameter the step did not use (a slimmable width's BatchNorm when that width did not run) keeps its value and
     * its momentum, though momentum from earlier steps would otherwise move it; the other parameters update as usual.
     */
    @Test
    void anInactiveParameterKeepsItsValueAndMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter a = param(m, 1f);
            Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.GAMMA)
                    .optArray(m.full(new Shape(2), 1f)).build();
            b.getArray().setRequiresGradient(true);
            Sgd sgd = new Sgd(0.9f, 0.1f, m);
            backward(() -> a.getArray().sum().add(b.getArray().sum()));
            sgd.step(Map.of("w", a, "b", b), 0.1f, 0f); // both used: v_b = 1, b = 0.9
            float[] bAfterFirst = b.getArray().toFloatArray();
            float[] vAfterFirst = sgd.state().get("b").toFloatArray();
            backward(() -> a.getArray().sum()); // b unused: its gradient is zero
            float norm = sgd.step(Map.of("w", a, "b", b), 0.1f, 0f, Map.of(), java.util.Set.of("b"));
            assertEquals(2f, norm, 1e-6f, "only a's gradient counts");
            assertArrayEquals(bAfterFirst, b.getArray().toFloatArray(), 0f, "no momentum step on an inactive parameter");
            assertArrayEquals(vAfterFirst, sgd.state().get("b").toFloatArray(), 0f, "its momentum buffer is kept");
            assertEquals(0f, b.getArray().getGradient().abs().sum().getFloat());
            // without the inactive set, momentum alone moves it: b = 0.9 - 0.1·0.9
            backward(() -> a.getArray().sum());
            sgd.step(Map.of("w", a, "b", b), 0.1f, 0f);
            assertArrayEquals(new float[] {0.81f, 0.81f}, b.getArray().toFloatArray(), 1e-6f);
        }
    }

    /**
     * Restored momentum must own its memory: a checkpoint's arrays live in Java buffers that are freed when their
     * manager closes and the GC runs (DJL's same-device {@code toDevice(d, true)} shares storage instead of copying).
     */
    @Test
    void restoredMomentumDoesNotShareTheSourcesMemory() {
        try (NDManager m = NDManager.newBaseManager()) {
            Sgd sgd = new Sgd(0.9f, 0f, m);
            try (NDManager load = m.newSubManager()) {
                NDArray saved = load.create(new float[] {1f, 2f, 3f, 4f}, new Shape(2, 2));
                sgd.restore(Map.of("w", saved));
                saved.addi(100f); // a shared storage would show this in the momentum
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, sgd.state().get("w").toFloatArray(), 0f);
            Parameter p = param(m, 1f);
            backward(() -> p.getArray().sum());
            sgd.step(Map.of("w", p), 0.1f, 0f);
            // v = 0.9·v0 + 1, w = 1 − 0.1·v
            assertArrayEquals(new float[] {0.81f, 0.72f, 0.63f, 0.54f}, p.getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void nonFiniteGradientsSkipTheUpdate() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = param(m, 1f);
            Sgd sgd = new Sgd(0.9f, 5e-4f, m);
            backward(() -> p.getArray().mul(Float.NaN).sum());
            assertFalse(Float.isFinite(sgd.step(Map.of("w", p), 0.1f, 0f)));
            assertArrayEquals(new float[] {1f, 1f, 1f, 1f}, p.getArray().toFloatArray(), 0f);
            assertEquals(0f, p.getArray().getGradient().abs().sum().getFloat(), "gradients are zeroed even when skipped");
            assertTrue(sgd.state().isEmpty(), "no momentum from a skipped step");
        }
    }

    @Test
    void reportsTheGlobalGradientNormAndClipsToTheLimit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter p = param(m, 1f);
            Sgd sgd = new Sgd(0f, 0f, m);
            backward(() -> p.getArray().mul(3f).sum()); // gradient 3 in 4 entries: norm 6
            float norm = sgd.step(Map.of("w", p), 0.1f, 1.5f);
            assertEquals(6f, norm, 1e-5f);
            // clipped to norm 1.5: each entry 0.75; w = 1 - 0.1 * 0.75
            assertArrayEquals(new float[] {0.925f, 0.925f, 0.925f, 0.925f}, p.getArray().toFloatArray(), 1e-6f);
            backward(() -> p.getArray().mul(0.25f).sum()); // norm 0.5: under the limit, unchanged
            assertEquals(0.5f, sgd.step(Map.of("w", p), 0.1f, 1.5f), 1e-6f);
            assertArrayEquals(new float[] {0.9f, 0.9f, 0.9f, 0.9f}, p.getArray().toFloatArray(), 1e-6f);
        }
    }
}
