package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.TrainingSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch whose loss is NaN is skipped and counted; a run that keeps producing NaN stops with a clear message. */
class NonFiniteStepTest {

    @Test
    void aNaNBatchIsSkippedAndCounted(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SumObjective o = new SumObjective(m, List.of(1));
            LoopSettings s = LoopSettings.defaults().withEpochs(1).withBatchSize(2).withLogEvery(1).withProgress(false).withWarmupEpochs(0);
            TrainingSummary r = new TrainingLoop(o, SumObjective.pool(), s, Device.cpu()).run(dir, false, m);
            assertTrue(r.finished());
            float[] w = o.w.getArray().toFloatArray();
            assertTrue(Float.isFinite(w[0]) && w[0] < 1f, "weights stay finite and still train: " + w[0]);
            String log = Files.readString(dir.resolve(TrainingLoop.LOG_FILE));
            assertTrue(log.contains("\"loss\":null") && log.contains("\"skippedSteps\":1"), log);
        }
    }

    @Test
    void weightsThatOverflowAreNeverCheckpointedAndTheRunSaysItDiverged(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            // gradients stay 1 (finite), but a learning rate near the float limit drives the weights to -infinity
            SumObjective o = new SumObjective(m, List.of());
            LoopSettings s = LoopSettings.defaults().withEpochs(10).withBatchSize(2).withBaseLr(3e38f).withMaxGradNorm(0)
                    .withWarmupEpochs(0).withProgress(false);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(o, SumObjective.pool(), s, Device.cpu()).run(dir, false, m));
            assertTrue(e.getMessage().contains("training diverged") && e.getMessage().contains("lower the learning rate"),
                    e.getMessage());
            assertTrue(!CheckpointStore.exists(dir.resolve(TrainingLoop.CHECKPOINT_DIR))
                    || !CheckpointStore.manifest(dir.resolve(TrainingLoop.CHECKPOINT_DIR)).progress().finished(),
                    "no finished checkpoint of a diverged run");
        }
    }

    /** The hooks see every step number before its forward pass, and an update only after a step that applied one. */
    @Test
    void stepHooksSeeEveryStepAndNoUpdateAfterASkippedStep(@TempDir Path dir) {
        List<Long> before = new java.util.ArrayList<>();
        List<Long> after = new java.util.ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            SumObjective o = new SumObjective(m, List.of(1)) {
                private long current;

                @Override
                public void beforeStep(long step) {
                    current = step;
                    before.add(step);
                }

                @Override
                public void afterStep(NDManager stepManager) {
                    after.add(current);
                }
            };
            LoopSettings s = LoopSettings.defaults().withEpochs(1).withBatchSize(2).withProgress(false).withWarmupEpochs(0);
            new TrainingLoop(o, SumObjective.pool(), s, Device.cpu()).run(dir, false, m);
        }
        assertEquals(List.of(0L, 1L, 2L, 3L), before);
        assertEquals(List.of(0L, 2L, 3L), after, "step 1 (NaN) was skipped: no afterStep");
    }

    @Test
    void persistentNaNStopsTheRun(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager()) {
            SumObjective o = new SumObjective(m, List.of(0, 1, 2, 3, 4, 5, 6, 7));
            LoopSettings s = LoopSettings.defaults().withEpochs(2).withBatchSize(2).withProgress(false);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(o, SumObjective.pool(), s, Device.cpu()).run(dir, false, m));
            assertTrue(e.getMessage().contains("5 consecutive steps with non-finite gradients"), e.getMessage());
            assertEquals(1f, o.w.getArray().toFloatArray()[0], 0f, "no update from a NaN step");
        }
    }
}
