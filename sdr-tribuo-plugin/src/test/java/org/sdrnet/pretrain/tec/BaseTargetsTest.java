package org.sdrnet.pretrain.tec;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TEC's targets on hand-made arrays: the relation target's top-k rows and the feature target's normalisation. */
class BaseTargetsTest {

    /**
     * Two images, two heads, four patches (T = 5). The CLS rows are set so that the head-averaged CLS attention over the
     * patches ranks them exactly: image 0 → patches 2, 0 (then 3, 1); image 1 → 3, then 1 and 2 tied (the lower index
     * wins). The other rows hold distinct numbers, so the gathered rows show which were picked.
     */
    @Test
    void relationTargetKeepsTheRowsOfTheMostAttendedPatchesOverThePatchKeys() {
        int b = 2;
        int h = 2;
        int t = 5;
        float[] logits = new float[b * h * t * t];
        // CLS row logits per image and head over the keys (CLS, p0, p1, p2, p3); softmax per head, then the head mean
        float[][][] cls = {
            {{0, 1.0f, -1.0f, 2.0f, 0.5f}, {0, 0.8f, -0.5f, 1.5f, 0.1f}},
            {{0, -2.0f, 1.0f, 1.0f, 3.0f}, {0, -1.0f, 0.5f, 0.5f, 2.0f}}
        };
        for (int i = 0; i < b; i++) {
            for (int head = 0; head < h; head++) {
                for (int q = 0; q < t; q++) {
                    for (int k = 0; k < t; k++) {
                        int at = ((i * h + head) * t + q) * t + k;
                        logits[at] = q == 0 ? cls[i][head][k] : 100 * i + 10 * head + q + 0.01f * k;
                    }
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = m.create(logits, new Shape(b, h, t, t));
            BaseTargets.Relation r = BaseTargets.relation(a, 2, true);
            assertArrayEquals(new int[] {2, 0}, r.patches()[0]);
            assertArrayEquals(new int[] {3, 1}, r.patches()[1], "a tie goes to the lower patch index");
            assertArrayEquals(new int[] {0, 3, 1}, r.rows()[0], "the CLS row, then patch rows (patch i is token 1 + i)");
            assertEquals(new Shape(b, h, 3, 4), r.logits().getShape());
            float[] got = r.logits().toFloatArray();
            for (int i = 0; i < b; i++) {
                for (int head = 0; head < h; head++) {
                    for (int row = 0; row < 3; row++) {
                        int q = r.rows()[i][row];
                        for (int key = 0; key < 4; key++) {
                            float want = logits[((i * h + head) * t + q) * t + 1 + key]; // patch keys only
                            assertEquals(want, got[((i * h + head) * 3 + row) * 4 + key], 0f, "image " + i + " head " + head
                                    + " row " + row + " key " + key);
                        }
                    }
                }
            }
            BaseTargets.Relation noCls = BaseTargets.relation(a, 3, false);
            assertArrayEquals(new int[] {3, 1, 2}, noCls.patches()[1]);
            assertArrayEquals(new int[] {4, 2, 3}, noCls.rows()[1], "without the CLS row: the patch rows only");
            assertEquals(new Shape(b, h, 3, 4), noCls.logits().getShape());
            assertThrows(IllegalArgumentException.class, () -> BaseTargets.relation(a, 5, true));
        }
    }

    @Test
    void topKRanksLargestFirstAndBreaksTiesByIndex() {
        assertArrayEquals(new int[] {1, 3, 0}, BaseTargets.topK(new float[] {0.2f, 0.9f, 0.1f, 0.5f}, 3));
        assertArrayEquals(new int[] {0, 2}, BaseTargets.topK(new float[] {0.5f, 0.1f, 0.5f}, 2));
    }

    /**
     * The feature target standardises each channel over the tokens of each image: mean 0 and (unbiased) variance
     * var/(var + ε) ≈ 1. The inputs have variance ≈ 4, so ε = 1e-6 moves it by ≈ 2.5e-7; float32 sums of 16 values of
     * magnitude ≤ 10 round at ≈ 1e-6 relative: 1e-4 bounds both with a wide margin on any CPU.
     */
    @Test
    void featureTargetIsTheMeanOfTheLastLayersStandardisedPerChannelOverTokens() {
        int b = 2;
        int n = 16;
        int c = 8;
        Random rnd = new Random(11);
        float[][] layers = new float[3][b * (n + 1) * c];
        for (float[] l : layers) {
            for (int i = 0; i < l.length; i++) {
                l[i] = (float) (3 + 2 * rnd.nextGaussian());
            }
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Shape s = new Shape(b, n + 1, c);
            List<NDArray> outs = List.of(m.create(layers[0], s), m.create(layers[1], s), m.create(layers[2], s));
            NDArray f = BaseTargets.features(outs, 2);
            assertEquals(new Shape(b, n, c), f.getShape());
            float[] got = f.toFloatArray();
            for (int i = 0; i < b; i++) {
                for (int ch = 0; ch < c; ch++) {
                    double[] x = new double[n];
                    double mean = 0;
                    for (int tok = 0; tok < n; tok++) {
                        int at = (i * (n + 1) + 1 + tok) * c + ch; // the CLS token (0) is left out
                        x[tok] = (layers[1][at] + (double) layers[2][at]) / 2;
                        mean += x[tok] / n;
                    }
                    double var = 0;
                    for (double v : x) {
                        var += (v - mean) * (v - mean) / (n - 1);
                    }
                    double sumOut = 0;
                    double sqOut = 0;
                    for (int tok = 0; tok < n; tok++) {
                        double want = (x[tok] - mean) / Math.sqrt(var + BaseTargets.NORM_EPS);
                        double g = got[(i * n + tok) * c + ch];
                        assertEquals(want, g, 1e-4, "image " + i + " channel " + ch + " token " + tok);
                        sumOut += g;
                        sqOut += g * g;
                    }
                    assertEquals(0, sumOut / n, 1e-5, "zero mean over tokens");
                    assertEquals(1, sqOut / (n - 1), 1e-4, "unit (unbiased) variance over tokens");
                }
            }
            assertThrows(IllegalArgumentException.class, () -> BaseTargets.features(outs, 4));
        }
    }

    @Test
    void selectRowsTakesTheGivenRowsOfEveryHead() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.arange(2 * 2 * 3 * 2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(2, 2, 3, 2);
            NDArray r = BaseTargets.selectRows(x, new long[] {2, 0, 3 + 1, 3 + 1});
            assertEquals(new Shape(2, 2, 2, 2), r.getShape());
            // image 0 rows 2, 0; image 1 rows 1, 1; value at [b, h, t, k] = ((b·2 + h)·3 + t)·2 + k
            float[] want = {4, 5, 0, 1, 10, 11, 6, 7, 14, 15, 14, 15, 20, 21, 20, 21};
            assertArrayEquals(want, r.toFloatArray());
        }
    }
}
