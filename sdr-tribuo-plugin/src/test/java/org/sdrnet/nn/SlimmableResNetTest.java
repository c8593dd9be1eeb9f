package org.sdrnet.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The slimmable ResNet at every default width on {@code tiny} (16-32-64-128 → 4-8-16-32, 8-16-32-64, 12-24-48-96): its
 * extracted plain backbones, its switchable BatchNorm, its shared weights' gradients, and its slim channel counts against
 * a float64 reference. Inputs are seeded uniform noise: forward equality does not depend on what the pixels show.
 */
class SlimmableResNetTest {
    private static final SlimmableSpec SPEC = SlimmableSpec.defaults(ResNetSpec.tiny());

    /**
     * A network whose per-width BatchNorms all differ: random gamma and beta, running statistics from a few
     * training-mode passes of each width, so a width reading another width's BatchNorm changes the numbers.
     */
    private static SlimmableResNet trainedNet(NDManager m) {
        Engine.getInstance().setRandomSeed(7);
        SlimmableResNet net = new SlimmableResNet(SPEC);
        net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            if (e.getKey().endsWith("gamma")) {
                Weights.assign(a, m.randomUniform(0.5f, 1.5f, a.getShape()));
            } else if (e.getKey().endsWith("beta")) {
                Weights.assign(a, m.randomUniform(-0.2f, 0.2f, a.getShape()));
            }
        }
        ParameterStore ps = new ParameterStore(m, false);
        for (int pass = 0; pass < 3; pass++) {
            NDArray x = m.randomUniform(-1, 1, new Shape(8, 3, 32, 32));
            for (double w : SPEC.multipliers()) {
                net.forward(ps, x, true, w);
            }
        }
        return net;
    }

    @Test
    void everyWidthExtractsToAPlainBackboneComputingTheSameFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            SlimmableResNet net = trainedNet(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1, 1, new Shape(5, 3, 32, 32));
            for (double w : SPEC.multipliers()) {
                NDArray slim = net.forward(ps, x, false, w);
                Backbone plain = net.extract(w, Map.of("checkpoint", "test"));
                assertEquals(SPEC.specAt(w), plain.spec());
                assertEquals(Double.toString(w), plain.provenance().get("width"));
                assertEquals("test", plain.provenance().get("checkpoint"));
                // toDjl loads strictly: every ResNetBackbone parameter present with its shape, nothing else
                NDArray y = plain.toDjl(m).forward(ps, new NDList(x), false).singletonOrThrow();
                assertEquals(new Shape(5, SPEC.widthsAt(w)[3]), y.getShape());
                assertTrue(y.max().getFloat() > 0.1f, "width " + w + " computes near-zero features");
                float diff = slim.sub(y).abs().max().getFloat();
                assertTrue(diff <= 1e-5, "width " + w + ": extracted backbone differs by " + diff);
            }
        }
    }

    @Test
    void trainingAtOneWidthUpdatesOnlyThatWidthsBatchNormStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            SlimmableResNet net = trainedNet(m);
            Map<String, float[]> before = values(net);
            ParameterStore ps = new ParameterStore(m, false);
            for (int pass = 0; pass < 2; pass++) {
                net.forward(ps, m.randomUniform(-1, 1, new Shape(6, 3, 32, 32)), true, 0.5);
            }
            int changed = 0;
            for (Map.Entry<String, float[]> e : values(net).entrySet()) {
                String k = e.getKey();
                if (k.contains(".x0_5.running")) {
                    assertFalse(Arrays.equals(before.get(k), e.getValue()), k + " did not learn from width 0.5");
                    changed++;
                } else {
                    assertArrayEquals(before.get(k), e.getValue(), k + " changed by a forward pass at width 0.5");
                }
            }
            // stem + 2 + 3 + 3 + 3 BatchNorms (stage 1 has no shortcut convolution), two statistics each
            assertEquals(2 * 12, changed);
        }
    }

    @Test
    void aSlimStepTrainsOnlyItsSliceAndTheGradientsOfTwoWidthsAddUp() {
        try (NDManager m = NDManager.newBaseManager()) {
            SlimmableResNet source = trainedNet(m);
            NDArray x = m.randomUniform(-1, 1, new Shape(4, 3, 32, 32));
            Map<String, NDArray> slim = gradients(m, source, x, 0.25);
            Map<String, NDArray> full = gradients(m, source, x, 1.0);
            Map<String, NDArray> both = gradients(m, source, x, 0.25, 1.0);

            int[] widths = SPEC.widthsAt(0.25);
            int convs = 0;
            for (Map.Entry<String, NDArray> e : slim.entrySet()) {
                String k = e.getKey();
                NDArray g = e.getValue();
                if (k.endsWith("conv.weight") || k.matches(".*conv\\d\\.weight")) {
                    Shape s = g.getShape();
                    int out = outChannels(k, widths);
                    int in = s.get(1) == 3 ? 3 : inChannels(k, widths);
                    float[] v = g.toFloatArray();
                    double outside = outside(v, (int) s.get(1), (int) (s.get(2) * s.get(3)), out, in);
                    assertEquals(0, outside, 0, k + ": gradient outside the first " + out + "×" + in + " channels");
                    assertTrue(g.abs().sum().getFloat() > 0, k + ": no gradient inside the 0.25 slice");
                    convs++;
                } else if (k.contains(".x0_25.")) {
                    assertTrue(g.abs().sum().getFloat() > 0, k + ": width 0.25's own BatchNorm got no gradient");
                } else {
                    assertEquals(0f, g.abs().sum().getFloat(), 0f, k + ": another width's BatchNorm got a gradient");
                }
            }
            assertEquals(12, convs);
            for (String k : both.keySet()) {
                NDArray sum = slim.get(k).add(full.get(k));
                float scale = Math.max(1f, sum.abs().max().getFloat());
                float diff = both.get(k).sub(sum).abs().max().getFloat() / scale;
                assertTrue(diff <= 1e-5, k + ": gradient of widths 0.25 + 1 in one step differs from the sum by " + diff);
            }
        }
    }

    @Test
    void extractionRejectsMissingUnexpectedAndMisShapedWeightsByName() {
        Map<String, HostTensor> good = new LinkedHashMap<>();
        new SlimmableResNet(SPEC).namedParameters().forEach((k, p) -> {
            long[] shape = p.getShape().getShape();
            good.put(k, new HostTensor(shape, new float[(int) p.getShape().size()]));
        });
        assertEquals(new Shape(8, 3, 3, 3), new Shape(
                SlimmableResNet.extract(SPEC, good, 0.5).get("stem.conv.weight").shape()));

        Map<String, HostTensor> missing = new LinkedHashMap<>(good);
        missing.remove("stage3.block0.bn2.x0_75.runningVar");
        assertMessage("missing [stage3.block0.bn2.x0_75.runningVar]", () -> SlimmableResNet.extract(SPEC, missing, 0.5));
        Map<String, HostTensor> extra = new LinkedHashMap<>(good);
        extra.put("stage3.block0.bn2.x0_3.gamma", good.get("stage3.block0.bn2.x0_25.gamma"));
        assertMessage("unexpected [stage3.block0.bn2.x0_3.gamma]", () -> SlimmableResNet.extract(SPEC, extra, 0.5));
        Map<String, HostTensor> narrow = new LinkedHashMap<>(good);
        narrow.put("stage2.block0.conv1.weight", new HostTensor(new long[] {16, 16, 3, 3}, new float[16 * 16 * 9]));
        assertMessage("stage2.block0.conv1.weight has shape (16, 16, 3, 3) but the network expects (32, 16, 3, 3)",
                () -> SlimmableResNet.extract(SPEC, narrow, 0.5));
        assertMessage("width 0.3 is not one of", () -> SlimmableResNet.extract(SPEC, good, 0.3));
    }

    private static void assertMessage(String expected, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expected), x.getMessage());
    }

    /** The stage of the output channels of a convolution named {@code stem.conv…} or {@code stageN.…}. */
    private static int outChannels(String name, int[] widths) {
        return name.startsWith("stem") ? widths[0] : widths[stage(name)];
    }

    /** conv2 reads its own stage; conv1 and the shortcut read the previous stage (stage 1: the stem's width). */
    private static int inChannels(String name, int[] widths) {
        int s = stage(name);
        return name.contains("conv2") ? widths[s] : widths[Math.max(0, s - 1)];
    }

    private static int stage(String name) {
        return Integer.parseInt(name.substring("stage".length(), name.indexOf('.'))) - 1;
    }

    /** The gradients of one training step summing the features' mean square at each of {@code widths}. */
    private static Map<String, NDArray> gradients(NDManager m, SlimmableResNet source, NDArray x, double... widths) {
        SlimmableResNet net = new SlimmableResNet(SPEC);
        net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        Weights.load(net.namedParameters(), Weights.arrays(source.namedParameters()), "the test's network");
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (double w : widths) {
                NDArray l = net.forward(ps, x, true, w).square().mean();
                loss = loss == null ? l : loss.add(l);
            }
            gc.backward(loss);
        }
        Map<String, NDArray> g = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> {
            if (p.requiresGradient()) {
                g.put(k, p.getArray().getGradient().duplicate());
            }
        });
        return g;
    }

    private static Map<String, float[]> values(SlimmableResNet net) {
        Map<String, float[]> v = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> v.put(k, p.getArray().toFloatArray()));
        return v;
    }

    /**
     * Width 0.75 of {@code tiny} has 12, 24 and 48 channels and width 0.25 has 4: shapes libtorch 2.7.1's kernels get
     * wrong on AVX-512 CPUs (forward over 24 input channels, input gradients into 4 or 12 output channels, stride-2
     * input gradients over 48). The whole network's features at 0.75 against a float64 loop, and each such sliced
     * convolution forward and backward inside a GradientCollector against {@link ReferenceConvolution}.
     */
    @Test
    void slimChannelCountsTheNativeKernelsGetWrongAreComputedRight() {
        try (NDManager m = NDManager.newBaseManager()) {
            SlimmableResNet net = trainedNet(m);
            int n = 3;
            Random random = new Random(11);
            float[] image = gaussian(random, n * 3 * 32 * 32, 1);
            NDArray y = net.forward(new ParameterStore(m, false), m.create(image, new Shape(n, 3, 32, 32)), false, 0.75);
            double[] expected = referenceFeatures(net.extract(0.75, Map.of()), image, n);
            double e = ReferenceConvolution.relativeError(y.toFloatArray(), expected);
            assertTrue(e <= 1e-4, "features at width 0.75 differ from the float64 reference by " + e);
        }
        List<String> wrong = new ArrayList<>();
        int[][] shapes = { // full out, full in, width out, width in, stride, size
            {32, 32, 24, 24, 1, 16}, {16, 16, 12, 12, 1, 32}, {128, 64, 96, 48, 2, 8}, {64, 32, 48, 24, 2, 16},
            {16, 16, 4, 4, 1, 32}, {32, 16, 8, 4, 2, 32}};
        for (int[] s : shapes) {
            for (int rep = 0; rep < 2; rep++) {
                double e = slicedConvolutionError(s[0], s[1], s[2], s[3], s[4], s[5], 100L * rep + s[2] * 7 + s[3]);
                if (e > ConvGuard.TOLERANCE) {
                    wrong.add(String.format(Locale.ROOT, "%d→%d of %d→%d stride %d: %.2g", s[3], s[2], s[1], s[0], s[4], e));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "sliced convolutions wrong: " + wrong);
    }

    /**
     * Worst relative error of a training step's convolution on the first {@code out}×{@code in} channels of a
     * {@code fullOut}×{@code fullIn} 3×3 weight: output, input gradient, and the full weight's gradient (the reference's
     * inside the slice, exactly zero outside).
     */
    private static double slicedConvolutionError(int fullOut, int fullIn, int out, int in, int stride, int size, long seed) {
        int n = 2;
        Random random = new Random(seed);
        ReferenceConvolution ref = new ReferenceConvolution(n, in, out, size, size, 3, stride);
        float[] x = gaussian(random, n * in * size * size, 1);
        float[] w = gaussian(random, fullOut * fullIn * 9, 1 / Math.sqrt(fullIn * 9));
        float[] g = gaussian(random, n * out * ref.outHeight() * ref.outWidth(), 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xs = m.create(x, new Shape(n, in, size, size));
            NDArray ws = m.create(w, new Shape(fullOut, fullIn, 3, 3));
            NDArray gs = m.create(g, new Shape(n, out, ref.outHeight(), ref.outWidth()));
            xs.setRequiresGradient(true);
            ws.setRequiresGradient(true);
            ReferenceConvolution.Result expected = ref.run(x, firstChannels(w, fullIn, out, in), g);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray ys = Layers.conv(xs, SlimmableResNet.slice(ws, out, in, xs), stride);
                y = ys.toFloatArray();
                gc.backward(ys.mul(gs).sum());
            }
            float[] dw = ws.getGradient().toFloatArray();
            float[] dwSlice = firstChannels(dw, fullIn, out, in);
            double outside = outside(dw, fullIn, 9, out, in);
            double e = Math.max(ReferenceConvolution.relativeError(y, expected.output()),
                    ReferenceConvolution.relativeError(xs.getGradient().toFloatArray(), expected.inputGradient()));
            e = Math.max(e, ReferenceConvolution.relativeError(dwSlice, expected.weightGradient()));
            return outside == 0 ? e : Double.POSITIVE_INFINITY;
        }
    }

    /** Sum of |w| outside the first {@code out} × {@code in} channels of a row-major weight [*, fullIn, k, k]. */
    private static double outside(float[] w, int fullIn, int taps, int out, int in) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            int o = i / (fullIn * taps);
            int c = i / taps % fullIn;
            sum += o < out && c < in ? 0 : Math.abs(w[i]);
        }
        return sum;
    }

    /** The first {@code out} × {@code in} channels of a row-major 3×3 weight with {@code fullIn} input channels. */
    private static float[] firstChannels(float[] weight, int fullIn, int out, int in) {
        float[] s = new float[out * in * 9];
        for (int o = 0; o < out; o++) {
            System.arraycopy(weight, o * fullIn * 9, s, o * in * 9, in * 9);
        }
        return s;
    }

    /** The plain backbone's features in float64 plain loops: conv, eval-mode BatchNorm, ReLU, residuals, mean pool. */
    private static double[] referenceFeatures(Backbone b, float[] image, int n) {
        ResNetSpec spec = b.spec().asResNet("the reference");
        int size = spec.imageSize();
        Activations x = new Activations(toDouble(image), spec.inChannels(), size);
        x = relu(convBn(b, x, ResNetNames.STEM + ".conv", ResNetNames.STEM + ".bn", 1, n));
        for (ResNetNames.Unit u : ResNetNames.units(spec)) {
            String p = u.prefix();
            Activations y = relu(convBn(b, x, p + ".conv1", p + ".bn1", u.stride(), n));
            y = convBn(b, y, p + ".conv2", p + ".bn2", 1, n);
            Activations shortcut = u.hasShortcutConv() ? convBn(b, x, p + ".down.conv", p + ".down.bn", u.stride(), n) : x;
            double[] sum = new double[y.v.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = y.v[i] + shortcut.v[i];
            }
            x = relu(new Activations(sum, y.channels, y.size));
        }
        int plane = x.size * x.size;
        double[] features = new double[n * x.channels];
        for (int i = 0; i < features.length; i++) {
            for (int j = 0; j < plane; j++) {
                features[i] += x.v[i * plane + j] / plane;
            }
        }
        return features;
    }

    /** Activations [n, channels, size, size], row-major. */
    private record Activations(double[] v, int channels, int size) {
    }

    private static Activations convBn(Backbone b, Activations x, String conv, String bn, int stride, int n) {
        HostTensor w = b.weights().get(conv + ".weight");
        int out = (int) w.shape()[0];
        int k = (int) w.shape()[2];
        float[] xf = new float[x.v.length];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) x.v[i];
        }
        ReferenceConvolution ref = new ReferenceConvolution(n, x.channels, out, x.size, x.size, k, stride);
        double[] y = ref.run(xf, w.values(), new float[n * out * ref.outHeight() * ref.outWidth()]).output();
        float[] gamma = b.weights().get(bn + ".gamma").values();
        float[] beta = b.weights().get(bn + ".beta").values();
        float[] mean = b.weights().get(bn + ".runningMean").values();
        float[] var = b.weights().get(bn + ".runningVar").values();
        int plane = ref.outHeight() * ref.outWidth();
        for (int i = 0; i < y.length; i++) {
            int c = i / plane % out;
            y[i] = (y[i] - mean[c]) / Math.sqrt(var[c] + Layers.BN_EPS) * gamma[c] + beta[c];
        }
        return new Activations(y, out, ref.outHeight());
    }

    private static Activations relu(Activations a) {
        double[] v = a.v.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        return new Activations(v, a.channels, a.size);
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static float[] gaussian(Random random, int size, double scale) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) (random.nextGaussian() * scale);
        }
        return a;
    }
}
