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

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdrNetTest {
    private static final ResNetSpec BASE = new ResNetSpec("t", 3, 32, new int[] {8, 12, 16, 24}, new int[] {1, 1, 1, 1},
            new int[] {1, 2, 2, 2});
    private static final SdrSpec SPEC = new SdrSpec("t", BASE, new int[] {4, 6, 8, 12}, 4);

    /** A network whose groups and BatchNorm statistics all differ, so a routing mistake changes the numbers. */
    private static SdrNet randomNet(NDManager m) {
        Engine.getInstance().setRandomSeed(1);
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

    @Test
    void layerFanOutInitialisationStartsSplitConvolutionsAsWholeLayers() {
        String name = "stage4.block0.conv2.group0.weight"; // 12 private of 24 channels: the part is half the layer
        double[] std = new double[2];
        for (int i = 0; i < 2; i++) {
            try (NDManager m = NDManager.newBaseManager()) {
                Engine.getInstance().setRandomSeed(3);
                SdrNet net = new SdrNet(SPEC, i == 1);
                net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
                float[] w = net.namedParameters().get(name).getArray().toFloatArray();
                double mean = 0;
                for (float x : w) {
                    mean += x / w.length;
                }
                double ss = 0;
                for (float x : w) {
                    ss += (x - mean) * (x - mean);
                }
                std[i] = Math.sqrt(ss / (w.length - 1));
            }
        }
        assertEquals(Math.sqrt(2.0 / (24 * 9)), std[1], 0.1 * Math.sqrt(2.0 / (24 * 9)), "He over the whole layer's fan-out");
        assertEquals(Math.sqrt(2.0 / (12 * 9)), std[0], 0.1 * Math.sqrt(2.0 / (12 * 9)), "He over the part's fan-out");
    }

    private static Map<String, HostTensor> host(SdrNet net) {
        Map<String, HostTensor> w = new LinkedHashMap<>();
        net.namedParameters().forEach((k, p) -> w.put(k, HostTensor.of(p.getArray())));
        return w;
    }

    @Test
    void extractedSubnetsReproduceTheSuperNetworkOnTheirPath() {
        int[][] paths = {{0, 0, 0, 0}, {3, 1, 2, 0}, {2, 3, 3, 1}, {1, 2, 0, 3}};
        try (NDManager m = NDManager.newBaseManager()) {
            SdrNet net = randomNet(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1, 1, new Shape(5, 3, 32, 32));
            for (int[] path : paths) {
                NDArray sdr = net.forward(ps, x, false, SdrNet.Routing.path(path, 5));
                Backbone sub = new Backbone(BASE, SdrNet.extract(SPEC, host(net), path), Map.of());
                NDArray plain = sub.toDjl(m).forward(ps, new NDList(x), false).singletonOrThrow();
                float diff = sdr.sub(plain).abs().max().getFloat();
                assertTrue(diff < 1e-5, "path " + java.util.Arrays.toString(path) + " differs by " + diff);
            }
        }
    }

    @Test
    void mixedBatchesRouteEveryRowThroughItsOwnPathAndKeepTheOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            SdrNet net = randomNet(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1, 1, new Shape(6, 3, 32, 32));
            int[][] rowPaths = {{3, 0, 1, 2}, {0, 0, 0, 0}, {1, 3, 3, 3}, {3, 0, 1, 2}, {2, 2, 0, 1}, {0, 1, 2, 3}};
            int[][] groups = new int[4][6];
            for (int r = 0; r < 6; r++) {
                for (int s = 0; s < 4; s++) {
                    groups[s][r] = rowPaths[r][s];
                }
            }
            NDArray mixed = net.forward(ps, x, false, new SdrNet.Routing(groups));
            for (int r = 0; r < 6; r++) {
                NDArray alone = net.forward(ps, x, false, SdrNet.Routing.path(rowPaths[r], 6)).get(r);
                assertTrue(mixed.get(r).sub(alone).abs().max().getFloat() < 1e-5, "row " + r);
            }
        }
    }

    @Test
    void gradientsReachOnlyTheSharedWeightsAndTheSamplesOwnGroups() {
        int[] path = {2, 0, 3, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            SdrNet net = randomNet(m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(-1, 1, new Shape(4, 3, 32, 32));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(ps, x, true, SdrNet.Routing.path(path, 4)).square().sum());
            }
            int checked = 0;
            for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                if (!e.getValue().requiresGradient()) {
                    continue;
                }
                String k = e.getKey();
                float g = e.getValue().getArray().getGradient().abs().sum().getFloat();
                java.util.regex.Matcher mm = java.util.regex.Pattern.compile("stage(\\d)\\..*\\.group(\\d)\\.").matcher(k);
                if (mm.find()) {
                    boolean own = Integer.parseInt(mm.group(2)) == path[Integer.parseInt(mm.group(1)) - 1];
                    if (own) {
                        assertTrue(g > 0, k + " is on the path but got no gradient");
                    } else {
                        assertEquals(0f, g, 0f, k + " is off the path but got a gradient");
                    }
                    checked++;
                } else if (k.endsWith("weight")) {
                    assertTrue(g > 0, k + " is shared but got no gradient");
                }
            }
            assertTrue(checked > 40, "checked " + checked + " private parameters");
        }
    }

    @Test
    void untieCopiesGroupZeroOfOneStageOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            SdrNet net = randomNet(m);
            net.untie(1);
            Map<String, Parameter> p = net.namedParameters();
            NDArray g0 = p.get("stage2.block0.conv1.group0.weight").getArray();
            for (int g = 1; g < 4; g++) {
                assertEquals(0f, p.get("stage2.block0.conv1.group" + g + ".weight").getArray().sub(g0).abs().max().getFloat(), 0f);
                assertEquals(0f, p.get("stage2.block0.bn1.group" + g + ".runningVar").getArray()
                        .sub(p.get("stage2.block0.bn1.group0.runningVar").getArray()).abs().max().getFloat(), 0f);
            }
            // copies, not aliases: changing group 0 afterwards must leave the others as they were
            NDArray g1Before = p.get("stage2.block0.conv1.group1.weight").getArray().duplicate();
            g0.addi(1f);
            assertEquals(0f, p.get("stage2.block0.conv1.group1.weight").getArray().sub(g1Before).abs().max().getFloat(), 0f,
                    "untied groups share memory with group 0");
            NDArray s3 = p.get("stage3.block0.conv1.group0.weight").getArray();
            assertTrue(p.get("stage3.block0.conv1.group1.weight").getArray().sub(s3).abs().max().getFloat() > 0, "stage 3 stays as it was");
        }
    }

    @Test
    void specCountsPathsAndRejectsBadSplits() {
        assertEquals(256, SdrSpec.halves(ResNetSpec.tiny(), 4).numPaths());
        assertThrows(IllegalArgumentException.class, () -> new SdrSpec("x", BASE, new int[] {8, 6, 8, 12}, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SdrNet.extract(SPEC, Map.of(), new int[] {0, 4, 0, 0}));
        assertTrue(e.getMessage().contains("outside 0..3"), e.getMessage());
    }
}
