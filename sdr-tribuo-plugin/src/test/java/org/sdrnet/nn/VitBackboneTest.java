package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DJL Vision Transformer against the equations of Dosovitskiy et al. 2021, written again below as plain float64
 * loops that share no code with it; and the invariants of its parts (patch embedding = strided convolution, attention
 * rows are probability distributions, no mixing across the batch).
 */
class VitBackboneTest {
    /**
     * DJL computes in float32: each of its values carries a relative rounding error of about 1e-7 per operation, summed
     * over dot products of at most a few hundred terms and a handful of layers, on LayerNorm-normalised values of order 1.
     * That is ~1e-5 at worst; 1e-4 (the project's DJL-vs-ONNX tolerance) leaves a margin for other CPUs' summation orders,
     * while a wrong transpose, head split or scale changes values by O(0.1).
     */
    private static final double TOL = 1e-4;

    @Test
    void featuresEqualAPlainLoopTransformerForBothPoolings() {
        for (VitSpec spec : new VitSpec[] {VitSpec.test(), VitSpec.test().withPooling(VitSpec.Pooling.MEAN)}) {
            Backbone b = Backbone.randomInit(spec, 3);
            float[] images = gaussian(2 * 3 * 32 * 32, 11);
            float[] djl;
            try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
                ParameterBlock net = b.toDjl(m);
                djl = net.forward(new ParameterStore(m, false), new NDList(m.create(images, new Shape(2, 3, 32, 32))), false)
                        .singletonOrThrow().toFloatArray();
            }
            for (int i = 0; i < 2; i++) {
                double[] ref = new ReferenceVit(spec, b.weights()).features(images, i);
                for (int d = 0; d < spec.dim(); d++) {
                    assertEquals(ref[d], djl[i * spec.dim() + d], TOL, spec.name() + " image " + i + " feature " + d);
                }
            }
        }
    }

    @Test
    void patchEmbeddingIsAConvolutionWithKernelAndStrideThePatchSize() {
        VitSpec spec = VitSpec.test();
        Backbone b = Backbone.randomInit(spec, 5);
        float[] images = gaussian(2 * 3 * 32 * 32, 2);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            VitBackbone net = (VitBackbone) b.toDjl(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.create(images, new Shape(2, 3, 32, 32));
            float[] tokens = net.embedPatches(ps, x, false).toFloatArray(); // [2, 16, 32], with positions
            float[] w = b.weights().get("patch.weight").values();
            float[] bias = b.weights().get("patch.bias").values();
            float[] pos = b.weights().get("pos").values();
            int p = spec.patchSize();
            int g = spec.gridSize();
            int dim = spec.dim();
            for (int n = 0; n < 2; n++) {
                for (int gy = 0; gy < g; gy++) {
                    for (int gx = 0; gx < g; gx++) {
                        for (int d = 0; d < dim; d++) {
                            double s = bias[d];
                            for (int c = 0; c < 3; c++) {
                                for (int i = 0; i < p; i++) {
                                    for (int j = 0; j < p; j++) {
                                        s += (double) w[((d * 3 + c) * p + i) * p + j] * images[((n * 3 + c) * 32 + gy * p + i) * 32 + gx * p + j];
                                    }
                                }
                            }
                            int token = gy * g + gx;
                            s += pos[(1 + token) * dim + d];
                            assertEquals(s, tokens[(n * g * g + token) * dim + d], 1e-4, "image " + n + " patch " + token + " channel " + d);
                        }
                    }
                }
            }
        }
    }

    @Test
    void attentionRowsAreProbabilityDistributions() {
        VitSpec spec = VitSpec.test();
        Backbone b = Backbone.randomInit(spec, 9);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            VitBackbone net = (VitBackbone) b.toDjl(m);
            NDArray x = m.create(gaussian(3 * 3 * 32 * 32, 4), new Shape(3, 3, 32, 32));
            for (int block = 0; block < spec.depth(); block++) {
                NDArray a = net.attention(new ParameterStore(m, false), x, block);
                int t = spec.numTokens();
                assertEquals(new Shape(3, spec.heads(), t, t), a.getShape());
                float[] v = a.toFloatArray();
                for (int row = 0; row < v.length / t; row++) {
                    double sum = 0;
                    for (int k = 0; k < t; k++) {
                        float e = v[row * t + k];
                        assertTrue(e >= 0f && e <= 1f, "probability " + e);
                        sum += e;
                    }
                    // 17 float32 terms, each within ~6e-8 relative of its exact value
                    assertEquals(1.0, sum, 1e-5, "block " + block + " row " + row);
                }
            }
        }
    }

    @Test
    void imagesOfABatchDoNotMix() {
        VitSpec spec = VitSpec.test();
        Backbone b = Backbone.randomInit(spec, 1);
        float[] images = gaussian(4 * 3 * 32 * 32, 8);
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            ParameterBlock net = b.toDjl(m);
            ParameterStore ps = new ParameterStore(m, false);
            float[] all = net.forward(ps, new NDList(m.create(images, new Shape(4, 3, 32, 32))), false).singletonOrThrow().toFloatArray();
            int per = 3 * 32 * 32;
            for (int i = 0; i < 4; i++) {
                float[] one = java.util.Arrays.copyOfRange(images, i * per, (i + 1) * per);
                float[] f = net.forward(ps, new NDList(m.create(one, new Shape(1, 3, 32, 32))), false).singletonOrThrow().toFloatArray();
                for (int d = 0; d < spec.dim(); d++) {
                    assertEquals(f[d], all[i * spec.dim() + d], 1e-5, "image " + i + " feature " + d);
                }
            }
        }
    }

    @Test
    void parametersHaveReadableNamesAndTheSpecsShapes() {
        VitSpec spec = VitSpec.tiny();
        Map<String, ai.djl.nn.Parameter> p = new VitBackbone(spec).namedParameters();
        assertEquals(4 + 12 * spec.depth() + 2, p.size());
        assertEquals(new Shape(192, 3, 4, 4), p.get("patch.weight").getShape());
        assertEquals(new Shape(1, 65, 192), p.get("pos").getShape());
        assertEquals(new Shape(576, 192), p.get("block5.attn.qkv.weight").getShape());
        assertEquals(new Shape(768, 192), p.get("block0.mlp.fc1.weight").getShape());
        assertTrue(p.containsKey("norm.gamma"));
    }

    @Test
    void batchNormRecalibrationLeavesAVitAsItIs() {
        Backbone b = Backbone.randomInit(VitSpec.test(), 2);
        byte[] px = new byte[4 * 3 * 32 * 32];
        new Random(3).nextBytes(px);
        Backbone r = BatchNormRecalibration.recalibrate(b, org.sdrnet.data.ImageSet.unlabeled("x", 3, 32, px), ai.djl.Device.cpu(), 1);
        assertEquals(b.weights(), r.weights());
        assertTrue(r.provenance().get("bnRecalibration").contains("has no BatchNorm"), r.provenance().toString());
    }

    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** ViT inference in float64 loops, from the paper's equations; one image at a time. */
    static final class ReferenceVit {
        private final VitSpec spec;
        private final Map<String, HostTensor> w;

        ReferenceVit(VitSpec spec, Map<String, HostTensor> weights) {
            this.spec = spec;
            this.w = weights;
        }

        double[] features(float[] images, int index) {
            int dim = spec.dim();
            int p = spec.patchSize();
            int g = spec.gridSize();
            int s = spec.imageSize();
            int c = spec.inChannels();
            int t = spec.numTokens();
            float[] pw = w.get("patch.weight").values();
            float[] pb = w.get("patch.bias").values();
            float[] cls = w.get("cls").values();
            float[] pos = w.get("pos").values();
            double[][] x = new double[t][dim];
            for (int d = 0; d < dim; d++) {
                x[0][d] = cls[d] + pos[d];
            }
            for (int gy = 0; gy < g; gy++) {
                for (int gx = 0; gx < g; gx++) {
                    int tok = 1 + gy * g + gx;
                    for (int d = 0; d < dim; d++) {
                        double v = pb[d];
                        for (int ch = 0; ch < c; ch++) {
                            for (int i = 0; i < p; i++) {
                                for (int j = 0; j < p; j++) {
                                    v += pw[((d * c + ch) * p + i) * p + j]
                                            * (double) images[((index * c + ch) * s + gy * p + i) * s + gx * p + j];
                                }
                            }
                        }
                        x[tok][d] = v + pos[tok * dim + d];
                    }
                }
            }
            for (int b = 0; b < spec.depth(); b++) {
                String pre = "block" + b;
                double[][] h = layerNorm(x, pre + ".norm1");
                double[][] qkv = linear(h, pre + ".attn.qkv");
                double[][] mixed = new double[t][dim];
                int hd = spec.headDim();
                for (int head = 0; head < spec.heads(); head++) {
                    for (int q = 0; q < t; q++) {
                        double[] logits = new double[t];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int k = 0; k < t; k++) {
                            double dot = 0;
                            for (int e = 0; e < hd; e++) {
                                dot += qkv[q][head * hd + e] * qkv[k][dim + head * hd + e];
                            }
                            logits[k] = dot / Math.sqrt(hd);
                            max = Math.max(max, logits[k]);
                        }
                        double z = 0;
                        for (int k = 0; k < t; k++) {
                            logits[k] = Math.exp(logits[k] - max);
                            z += logits[k];
                        }
                        for (int k = 0; k < t; k++) {
                            for (int e = 0; e < hd; e++) {
                                mixed[q][head * hd + e] += logits[k] / z * qkv[k][2 * dim + head * hd + e];
                            }
                        }
                    }
                }
                x = add(x, linear(mixed, pre + ".attn.proj"));
                double[][] m = linear(layerNorm(x, pre + ".norm2"), pre + ".mlp.fc1");
                for (double[] row : m) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = 0.5 * row[i] * (1 + erf(row[i] / Math.sqrt(2)));
                    }
                }
                x = add(x, linear(m, pre + ".mlp.fc2"));
            }
            x = layerNorm(x, "norm");
            if (spec.pooling() == VitSpec.Pooling.CLS) {
                return x[0];
            }
            double[] mean = new double[dim];
            for (int tok = 1; tok < t; tok++) {
                for (int d = 0; d < dim; d++) {
                    mean[d] += x[tok][d] / (t - 1);
                }
            }
            return mean;
        }

        private double[][] layerNorm(double[][] x, String prefix) {
            float[] gamma = w.get(prefix + ".gamma").values();
            float[] beta = w.get(prefix + ".beta").values();
            double[][] out = new double[x.length][];
            for (int r = 0; r < x.length; r++) {
                double mean = 0;
                for (double v : x[r]) {
                    mean += v / x[r].length;
                }
                double var = 0;
                for (double v : x[r]) {
                    var += (v - mean) * (v - mean) / x[r].length;
                }
                out[r] = new double[x[r].length];
                for (int i = 0; i < x[r].length; i++) {
                    out[r][i] = (x[r][i] - mean) / Math.sqrt(var + Layers.LN_EPS) * gamma[i] + beta[i];
                }
            }
            return out;
        }

        private double[][] linear(double[][] x, String prefix) {
            HostTensor wt = w.get(prefix + ".weight");
            float[] weight = wt.values();
            float[] bias = w.get(prefix + ".bias").values();
            int out = (int) wt.shape()[0];
            int in = (int) wt.shape()[1];
            double[][] y = new double[x.length][out];
            for (int r = 0; r < x.length; r++) {
                for (int o = 0; o < out; o++) {
                    double v = bias[o];
                    for (int i = 0; i < in; i++) {
                        v += weight[o * in + i] * x[r][i];
                    }
                    y[r][o] = v;
                }
            }
            return y;
        }

        private static double[][] add(double[][] a, double[][] b) {
            double[][] y = new double[a.length][];
            for (int r = 0; r < a.length; r++) {
                y[r] = new double[a[r].length];
                for (int i = 0; i < a[r].length; i++) {
                    y[r][i] = a[r][i] + b[r][i];
                }
            }
            return y;
        }

        /** erf by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7, far inside the tolerance). */
        private static double erf(double x) {
            double t = 1 / (1 + 0.3275911 * Math.abs(x));
            double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                    * Math.exp(-x * x);
            return Math.signum(x) * y;
        }
    }
}
