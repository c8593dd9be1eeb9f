package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNetBackboneTest {

    @Test
    void presetsProduceFeaturesOfTheLastStageWidth() {
        for (ResNetSpec spec : new ResNetSpec[] {ResNetSpec.tiny(), ResNetSpec.small()}) {
            try (NDManager m = NDManager.newBaseManager()) {
                ResNetBackbone net = new ResNetBackbone(spec);
                net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
                NDArray y = net.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, new Shape(5, 3, 32, 32))), false)
                        .singletonOrThrow();
                assertEquals(new Shape(5, spec.featureDim()), y.getShape());
                // ReLU then average pooling: features are non-negative
                assertTrue(y.min().getFloat() >= 0f);
            }
        }
    }

    @Test
    void parameterNamesFollowTheSpecLayout() {
        ResNetBackbone net = new ResNetBackbone(ResNetSpec.tiny());
        var names = net.namedParameters().keySet();
        assertTrue(names.contains("stem.conv.weight"));
        assertTrue(names.contains("stage1.block0.conv1.weight"));
        assertTrue(!names.contains("stage1.block0.down.conv.weight"), "stage 1 keeps width and stride: identity shortcut");
        assertTrue(names.contains("stage2.block0.down.bn.runningVar"));
        // stem (conv + 4 BN) + stage 1 (2 convs + 8 BN) + 3 stages with shortcut (3 convs + 12 BN each)
        assertEquals(5 + 10 + 3 * 15, names.size());
    }

    @Test
    void invalidSpecsAndUnknownPresetsAreRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResNetSpec("x", 3, 32, new int[] {8, 16}, new int[] {1}, new int[] {1, 2}));
        assertTrue(e.getMessage().contains("one entry per stage"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResNetSpec.preset("huge"));
        assertTrue(e.getMessage().contains("available: tiny, small"), e.getMessage());
    }

    @Test
    void scheduleWarmsUpThenDecaysToZero() {
        var s = new org.sdrnet.pretrain.CosineSchedule(1f, 10, 110);
        assertEquals(0.1f, s.at(0), 1e-6);
        assertEquals(1f, s.at(10), 1e-6);
        assertEquals(0.5f, s.at(60), 1e-6);
        assertEquals(0f, s.at(110), 1e-6);
    }
}
