package org.sdrnet.onnx;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.SdrNet;
import org.sdrnet.nn.SdrSpec;
import org.sdrnet.runtime.OnnxBackboneRunner;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sub-nets extracted from an SDRnet export like any backbone, and the exported file reproduces the super-network
 * itself on that path (not only the DJL rendering of the extracted weights), BN folded and separate.
 */
class SdrPathExportTest {
    private static final ResNetSpec BASE = new ResNetSpec("sdr-test", 3, 32, new int[] {8, 12, 16, 24}, new int[] {1, 1, 1, 1},
            new int[] {1, 2, 2, 2});
    private static final SdrSpec SPEC = new SdrSpec("sdr-test", BASE, new int[] {4, 6, 8, 12}, 4);

    @TempDir
    Path dir;

    @Test
    void threeExtractedPathsExportAndMatchTheSuperNetwork() {
        int[][] paths = {{0, 0, 0, 0}, {3, 1, 2, 0}, {1, 2, 3, 3}};
        int n = 6;
        long[] shape = {n, 3, 32, 32};
        float[] input = new float[n * 3 * 32 * 32];
        Random random = new Random(9);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SdrNet net = randomNet(m);
            Map<String, HostTensor> weights = new LinkedHashMap<>();
            net.namedParameters().forEach((k, p) -> weights.put(k, HostTensor.of(p.getArray())));
            NDArray x = m.create(input, new Shape(shape));
            for (int[] path : paths) {
                float[] sdr = net.forward(new ParameterStore(m, false), x, false, SdrNet.Routing.path(path, n)).toFloatArray();
                String id = Arrays.toString(path);
                Backbone sub = new Backbone(SPEC.subnetSpec(), SdrNet.extract(SPEC, weights, path), Map.of("method", "sdr", "subnet", id));
                for (boolean fold : new boolean[] {true, false}) {
                    Path out = dir.resolve("path-" + String.join("", Arrays.stream(path).mapToObj(Integer::toString).toList()) + "-" + fold + ".onnx");
                    double verified = OnnxExport.export(sub, Normalization.DEFAULT, out, OnnxExportOptions.DEFAULT.withFoldBatchNorm(fold))
                            .maxAbsDifference();
                    assertTrue(verified <= 1e-4, id + " verification " + verified);
                    try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(out)) {
                        assertEquals(id, runner.metadata().source().get("subnet"));
                        float[][] ort = runner.features(input, shape);
                        double max = 0;
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < BASE.featureDim(); j++) {
                                max = Math.max(max, Math.abs(ort[i][j] - sdr[i * BASE.featureDim() + j]));
                            }
                        }
                        assertTrue(max <= 1e-4, "path " + id + " fold=" + fold + ": max |SDRnet - ORT| = " + max);
                    }
                }
            }
        }
    }

    /** Random groups (each initialised independently) and BatchNorm statistics away from the identity. */
    private static SdrNet randomNet(NDManager m) {
        Engine.getInstance().setRandomSeed(2);
        SdrNet net = new SdrNet(SPEC);
        net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            if (e.getKey().endsWith("runningVar")) {
                m.randomUniform(0.5f, 2f, a.getShape()).copyTo(a);
            } else if (e.getKey().endsWith("runningMean") || e.getKey().endsWith("beta")) {
                m.randomUniform(-0.2f, 0.2f, a.getShape()).copyTo(a);
            } else if (e.getKey().endsWith("gamma")) {
                m.randomUniform(0.5f, 1.5f, a.getShape()).copyTo(a);
            }
        }
        return net;
    }
}
