package org.sdrnet.pretrain.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** MAE's masked-patch loss against closed-form values: visible patches count for nothing, masked ones for their MSE. */
class MaskedPatchLossTest {
    private static final int B = 2;
    private static final int N = 4;
    private static final int V = 3;
    /** mask [B, N]: image 0 masks patches 1 and 3, image 1 masks patch 0. */
    private static final float[] MASK = {0, 1, 0, 1, 1, 0, 0, 0};

    @Test
    void theLossIsTheMeanSquaredErrorOfTheMaskedPatchesAlone() {
        Random r = new Random(1);
        float[] target = new float[B * N * V];
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) r.nextGaussian();
        }
        // visible patches predicted arbitrarily badly; masked patch k of the list off by a constant c_k in every value
        float[] offsets = {0.5f, -2f, 3f};
        float[] pred = target.clone();
        int k = 0;
        for (int p = 0; p < B * N; p++) {
            for (int v = 0; v < V; v++) {
                pred[p * V + v] += MASK[p] == 1 ? offsets[k] : 1000f * (v + 1);
            }
            k += MASK[p] == 1 ? 1 : 0;
        }
        double expected = (0.25 + 4 + 9) / 3.0; // mean over the 3 masked patches of c², each patch's MSE being c²
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray loss = MaskedPatchLoss.loss(m.create(pred, new Shape(B, N, V)), m.create(target, new Shape(B, N, V)),
                    m.create(MASK, new Shape(B, N)));
            assertEquals(expected, loss.getFloat(), 1e-5);
            // the same loss when the visible predictions are exact instead
            float[] exactVisible = pred.clone();
            for (int p = 0; p < B * N; p++) {
                if (MASK[p] == 0) {
                    System.arraycopy(target, p * V, exactVisible, p * V, V);
                }
            }
            NDArray again = MaskedPatchLoss.loss(m.create(exactVisible, new Shape(B, N, V)), m.create(target, new Shape(B, N, V)),
                    m.create(MASK, new Shape(B, N)));
            assertEquals(loss.getFloat(), again.getFloat(), 0f);
        }
    }

    @Test
    void visiblePatchesGetNoGradientAndMaskedOnesTheMseGradient() {
        Random r = new Random(2);
        float[] pred = new float[B * N * V];
        float[] target = new float[B * N * V];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = (float) r.nextGaussian();
            target[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.create(pred, new Shape(B, N, V));
            p.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(MaskedPatchLoss.loss(p, m.create(target, new Shape(B, N, V)), m.create(MASK, new Shape(B, N))));
            }
            float[] g = p.getGradient().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                double expected = MASK[i / V] == 1 ? 2.0 * (pred[i] - target[i]) / (V * 3) : 0.0;
                assertEquals(expected, g[i], 1e-6, "value " + i);
            }
        }
    }

    @Test
    void normalisedPatchesHaveZeroMeanAndUnitVarianceAndConstantPatchesStayFinite() {
        float[] x = {1, 2, 3, 4, 10, 20, 30, 40, 5, 5, 5, 5};
        try (NDManager m = NDManager.newBaseManager()) {
            float[] n = MaskedPatchLoss.normalizePatches(m.create(x, new Shape(1, 3, 4))).toFloatArray();
            // patch 0: mean 2.5, population variance 1.25
            double sd = Math.sqrt(1.25 + MaskedPatchLoss.NORM_EPS);
            assertEquals(-1.5 / sd, n[0], 1e-6);
            assertEquals(1.5 / sd, n[3], 1e-6);
            // patch 1 is patch 0 scaled by 10: the same normalised values (up to ε)
            assertEquals(n[0], n[4], 1e-5);
            for (int i = 8; i < 12; i++) {
                assertEquals(0f, n[i], 0f, "a constant patch normalises to zeros");
            }
        }
    }
}
