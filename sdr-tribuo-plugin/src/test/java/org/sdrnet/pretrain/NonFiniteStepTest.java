package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.BackboneSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch whose loss is NaN is skipped and counted; a run that keeps producing NaN stops with a clear message. */
class NonFiniteStepTest {

    /** Loss = sum(w), or NaN on the steps listed. */
    private static final class Objective implements TrainingObjective {
        private final Parameter w;
        private final List<Integer> nanSteps;
        private int step;

        Objective(NDManager m, List<Integer> nanSteps) {
            NDArray a = m.ones(new Shape(3));
            a.setRequiresGradient(true);
            this.w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(a).build();
            this.nanSteps = nanSteps;
        }

        @Override public String method() { return "test"; }
        @Override public BackboneSpec backbone() { return BackboneSpec.tiny(); }
        @Override public Map<String, Object> settings() { return Map.of(); }
        @Override public Map<String, Parameter> parameters() { return Map.of("w", w); }

        @Override
        public List<org.sdrnet.data.augment.ViewBatch> views(int[] indices, long stepSeed) {
            return List.of();
        }

        @Override
        public StepOutput forward(ParameterStore ps, NDManager sm, int[] indices, List<org.sdrnet.data.augment.ViewBatch> views) {
            NDArray loss = w.getArray().sum();
            if (nanSteps.contains(step++)) {
                loss = loss.mul(Float.NaN);
            }
            return new StepOutput(loss, Map.of());
        }
    }

    private static ImageSet pool() {
        return ImageSet.unlabeled("p", 1, 32, new byte[8 * 32 * 32]);
    }

    @Test
    void aNaNBatchIsSkippedAndCounted(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Objective o = new Objective(m, List.of(1));
            LoopSettings s = LoopSettings.defaults().withEpochs(1).withBatchSize(2).withLogEvery(1).withProgress(false).withWarmupEpochs(0);
            TrainingLoop.Summary r = new TrainingLoop(o, pool(), s, Device.cpu()).run(dir, false, m);
            assertTrue(r.finished());
            float[] w = o.w.getArray().toFloatArray();
            assertTrue(Float.isFinite(w[0]) && w[0] < 1f, "weights stay finite and still train: " + w[0]);
            String log = Files.readString(dir.resolve(TrainingLoop.LOG_FILE));
            assertTrue(log.contains("\"loss\":null") && log.contains("\"skippedSteps\":1"), log);
        }
    }

    @Test
    void persistentNaNStopsTheRun(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            Objective o = new Objective(m, List.of(0, 1, 2, 3, 4, 5, 6, 7));
            LoopSettings s = LoopSettings.defaults().withEpochs(2).withBatchSize(2).withProgress(false);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(o, pool(), s, Device.cpu()).run(dir, false, m));
            assertTrue(e.getMessage().contains("5 consecutive steps with non-finite gradients"), e.getMessage());
            assertEquals(1f, o.w.getArray().toFloatArray()[0], 0f, "no update from a NaN step");
        }
    }
}
