package org.sdrnet.pretrain.loss;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TEC's relation loss against closed-form values (float64 on the host). */
class RelationLossTest {
    private static final float[] TARGET = {2f, 0f, -1f, 0.5f, 1f, 1f, -3f, 0f};
    private static final float[] PRED = {0.3f, -0.2f, 1.1f, 0f, -0.5f, 2f, 0.7f, 0.1f};

    /** −Σ softmax(t/τ)·log softmax(p), averaged over rows, in float64. */
    private static double reference(float[] pred, float[] target, int rows, double tau) {
        int k = pred.length / rows;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double zt = 0;
            double zp = 0;
            for (int i = 0; i < k; i++) {
                zt += Math.exp(target[r * k + i] / tau);
                zp += Math.exp(pred[r * k + i]);
            }
            for (int i = 0; i < k; i++) {
                double soft = Math.exp(target[r * k + i] / tau) / zt;
                total -= soft * (pred[r * k + i] - Math.log(zp));
            }
        }
        return total / rows;
    }

    /** Values of order 1 through exp and log in float32: about 1e-6 relative error; 1e-5 is a safe bound on any CPU. */
    @Test
    void equalsTheCrossEntropyToTheSoftenedTarget() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Shape s = new Shape(1, 2, 4); // [B·H, R, keys]
            float got = RelationLoss.loss(m.create(PRED, s), m.create(TARGET, s), 1.8f).getFloat();
            assertEquals(reference(PRED, TARGET, 2, 1.8), got, 1e-5);
            // at its optimum, pred = target/τ, the loss is the entropy of the softened target
            float[] opt = new float[TARGET.length];
            for (int i = 0; i < opt.length; i++) {
                opt[i] = TARGET[i] / 1.8f;
            }
            float atOptimum = RelationLoss.loss(m.create(opt, s), m.create(TARGET, s), 1.8f).getFloat();
            assertEquals(reference(opt, TARGET, 2, 1.8), atOptimum, 1e-5);
            assertEquals(true, got > atOptimum);
            assertThrows(IllegalArgumentException.class, () -> RelationLoss.loss(m.create(PRED, s), m.create(TARGET, s), 0f));
        }
    }

    /** The gradient reaches the prediction only: d loss/d pred = (softmax(p) − softmax(t/τ)) / rows; the target gets none. */
    @Test
    void theGradientIsSoftmaxMinusTargetAndTheTargetGetsNone() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Shape s = new Shape(2, 4);
            NDArray p = m.create(PRED, s);
            NDArray t = m.create(TARGET, s);
            p.setRequiresGradient(true);
            t.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(RelationLoss.loss(p, t, 2f));
            }
            float[] g = p.getGradient().toFloatArray();
            for (int r = 0; r < 2; r++) {
                double zp = 0;
                double zt = 0;
                for (int i = 0; i < 4; i++) {
                    zp += Math.exp(PRED[r * 4 + i]);
                    zt += Math.exp(TARGET[r * 4 + i] / 2.0);
                }
                for (int i = 0; i < 4; i++) {
                    double want = (Math.exp(PRED[r * 4 + i]) / zp - Math.exp(TARGET[r * 4 + i] / 2.0) / zt) / 2;
                    assertEquals(want, g[r * 4 + i], 1e-6);
                }
            }
            assertEquals(0f, t.getGradient().abs().sum().getFloat(), 0f);
        }
    }
}
