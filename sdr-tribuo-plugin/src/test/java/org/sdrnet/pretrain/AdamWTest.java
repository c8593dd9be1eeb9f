package org.sdrnet.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AdamW against a hand computation of Loshchilov &amp; Hutter's update, and its state across a checkpoint. */
class AdamWTest {
    private static final float B1 = 0.9f;
    private static final float B2 = 0.95f;
    private static final float EPS = 1e-8f;
    private static final float WD = 0.1f;
    private static final float LR = 0.01f;
    /** The gradients of three steps: loss_t = Σ c_t · w, so ∂loss/∂w = c_t (the same for every entry). */
    private static final float[] GRADS = {0.5f, -2f, 1f};

    private static Parameter param(NDManager m, String name, Shape shape, float value) {
        NDArray a = m.full(shape, value);
        a.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(a).build();
    }

    private static void backward(Map<String, Parameter> params, float c) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (Parameter p : params.values()) {
                NDArray s = p.getArray().sum().mul(p.getArray().getManager().create(c));
                loss = loss == null ? s : loss.add(s);
            }
            gc.backward(loss);
        }
    }

    /** The hand computation for one entry of a parameter after the given gradients, with or without decay. */
    private static double expected(double w, boolean decay, float... grads) {
        double m = 0;
        double v = 0;
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            if (decay) {
                w -= LR * WD * w;
            }
            m = B1 * m + (1 - B1) * g;
            v = B2 * v + (1 - B2) * g * g;
            double mHat = m / (1 - Math.pow(B1, t));
            double vHat = v / (1 - Math.pow(B2, t));
            w -= LR * mHat / (Math.sqrt(vHat) + EPS);
        }
        return w;
    }

    private static Map<String, Parameter> params(NDManager m) {
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("matrix", param(m, "matrix", new Shape(2, 3), 1.5f)); // ≥ 2-D: decayed
        p.put("bias", param(m, "bias", new Shape(3), -0.5f));        // 1-D: not decayed
        return p;
    }

    @Test
    void threeStepsMatchTheHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> p = params(m);
            AdamW opt = new AdamW(B1, B2, EPS, WD, m);
            for (float g : GRADS) {
                backward(p, g);
                opt.step(p, LR, 0f);
            }
            // float32 arithmetic of values of order 1 over three steps: within 1e-6 of the float64 computation
            for (float v : p.get("matrix").getArray().toFloatArray()) {
                assertEquals(expected(1.5, true, GRADS), v, 1e-6);
            }
            for (float v : p.get("bias").getArray().toFloatArray()) {
                assertEquals(expected(-0.5, false, GRADS), v, 1e-6);
            }
            assertEquals(0f, p.get("bias").getArray().getGradient().abs().sum().getFloat(), "gradients are zeroed");
        }
    }

    @Test
    void clippingScalesTheGradientBeforeTheMoments() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> p = params(m);
            AdamW opt = new AdamW(B1, B2, EPS, WD, m);
            backward(p, 2f);
            // 9 entries of gradient 2: norm 6; clipped to 3 the gradient is 1
            assertEquals(6f, opt.step(p, LR, 3f), 1e-5f);
            backward(p, 2f);
            opt.step(p, LR, 3f);
            for (float v : p.get("bias").getArray().toFloatArray()) {
                assertEquals(expected(-0.5, false, 1f, 1f), v, 1e-6);
            }
        }
    }

    @Test
    void aRestoredStateContinuesExactlyAndUnusedParametersKeepTheirCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, Parameter> straight = params(m);
            AdamW a = new AdamW(B1, B2, EPS, WD, m);
            Map<String, Parameter> resumed = params(m);
            AdamW b = new AdamW(B1, B2, EPS, WD, m);
            backward(straight, GRADS[0]);
            a.step(straight, LR, 0f);
            backward(resumed, GRADS[0]);
            b.step(resumed, LR, 0f);
            // the bias sits out step 2 in both runs; the checkpoint is taken after step 2
            backward(straight, GRADS[1]);
            a.step(straight, LR, 0f, Map.of(), Set.of("bias"));
            backward(resumed, GRADS[1]);
            b.step(resumed, LR, 0f, Map.of(), Set.of("bias"));
            Map<String, NDArray> saved = new LinkedHashMap<>();
            b.state().forEach((k, v) -> saved.put(k, v.duplicate()));
            assertEquals(Set.of("m.matrix", "v.matrix", "t.matrix", "m.bias", "v.bias", "t.bias"), saved.keySet());
            assertEquals(1f, saved.get("t.bias").toFloatArray()[0], "the bias was updated once");
            AdamW c = new AdamW(B1, B2, EPS, WD, m);
            c.restore(saved);
            backward(straight, GRADS[2]);
            a.step(straight, LR, 0f);
            backward(resumed, GRADS[2]);
            c.step(resumed, LR, 0f);
            for (String k : straight.keySet()) {
                assertArrayEquals(straight.get(k).getArray().toFloatArray(), resumed.get(k).getArray().toFloatArray(), 0f, k);
            }
            // the bias saw gradients 0.5 then 1 (its second update used t = 2)
            for (float v : resumed.get("bias").getArray().toFloatArray()) {
                assertEquals(expected(-0.5, false, GRADS[0], GRADS[2]), v, 1e-6);
            }
            assertThrows(IllegalArgumentException.class, () -> new AdamW(B1, B2, EPS, WD, m).restore(Map.of("matrix", saved.get("m.matrix"))));
        }
    }
}
