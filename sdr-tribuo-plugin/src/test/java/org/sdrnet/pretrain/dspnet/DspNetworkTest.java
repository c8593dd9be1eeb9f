package org.sdrnet.pretrain.dspnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of a DSPNet step against closed forms: the EMA update, its momentum pairs, and the slim heads' input. */
class DspNetworkTest {
    private static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    private static final DspNetSettings SETTINGS = DspNetSettings.defaults().withHeads(new SimSiamSettings(24, 16, 8));

    @Test
    void theTeacherStartsAsTheFullWidthAndMovesByTheEmaFormula() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            DspNetwork online = new DspNetwork(SETTINGS.slimmable(NET), SETTINGS.heads());
            online.initialize(m, 5);
            EmaTeacher teacher = EmaTeacher.of(online, SETTINGS.heads(), m);
            Map<String, Parameter> t = teacher.namedParameters();
            Map<String, Parameter> s = online.namedParameters();
            String conv = "backbone.stage1.block0.conv1.weight";
            String gamma = "backbone.stage1.block0.bn1.x1.gamma";
            float[] start = t.get(conv).getArray().toFloatArray();
            assertArrayEquals(s.get(conv).getArray().toFloatArray(), start, 0f);
            assertTrue(t.values().stream().noneMatch(Parameter::requiresGradient), "the teacher is frozen");
            assertTrue(teacher.pairs().stream().noneMatch(p -> p.name().contains("running")), "running statistics are not averaged");
            assertTrue(teacher.pairs().stream().anyMatch(p -> p.name().equals("projector.layer0.weight")), "the projector is averaged");
            assertFalse(t.containsKey("predictor.layer0.weight"));
            assertEquals(t.size() - teacher.pairs().size(), t.keySet().stream().filter(k -> k.contains("running")).count());

            s.get(conv).getArray().addi(1f);
            s.get(gamma).getArray().addi(2f);
            try (NDManager scratch = m.newSubManager()) {
                teacher.update(0.9f, scratch); // t = 0.9·t + 0.1·(t + δ) = t + 0.1·δ
            }
            float[] moved = t.get(conv).getArray().toFloatArray();
            for (int i = 0; i < start.length; i++) {
                assertEquals(start[i] + 0.1f, moved[i], 1e-6f);
            }
            assertEquals(1f + 0.2f, t.get(gamma).getArray().toFloatArray()[0], 1e-6f);
        }
    }

    /** A zero-padded slim feature through a layer equals the slim feature through that layer's first columns. */
    @Test
    void paddingASlimFeatureIsTheFirstLayerOnItsFirstColumns() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray y = m.randomNormal(new Shape(4, 8));
            NDArray w = m.randomNormal(new Shape(6, 32));
            NDArray padded = DspNetwork.padToFull(y, 32);
            assertEquals(new Shape(4, 32), padded.getShape());
            NDArray viaPad = Linear.linear(padded, w).singletonOrThrow();
            NDArray viaSlice = Linear.linear(y, w.get(new NDIndex(":, :8"))).singletonOrThrow();
            assertArrayEquals(viaSlice.toFloatArray(), viaPad.toFloatArray(), 1e-5f);
            NDArray full = m.randomNormal(new Shape(4, 32));
            assertSame(full, DspNetwork.padToFull(full, 32), "the full width is not padded");
        }
    }
}
