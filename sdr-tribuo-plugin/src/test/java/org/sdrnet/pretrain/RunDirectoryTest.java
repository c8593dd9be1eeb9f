package org.sdrnet.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs of two methods never mix in one directory, and a resume that differs names the setting that differs. */
class RunDirectoryTest {

    private static void checkpoint(Path dir, String method) {
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointStore.write(dir, new Manifest(CheckpointStore.FORMAT_VERSION, method, ResNetSpec.tiny(), Map.of(), 1,
                    new Manifest.DataInfo("d", 2, "f"), new Manifest.Progress(1, 2, 0, false), Map.of()),
                    Map.of(CheckpointStore.MODEL, Map.of("w", m.ones(new Shape(2)))));
        }
    }

    @Test
    void aDirectoryHoldingAnotherMethodsRunIsRefusedBeforeAnyWork(@TempDir Path dir) {
        assertEquals(List.of(), RunDirectory.methods(dir.resolve("nothing-here")));
        checkpoint(dir.resolve("level-0").resolve(TrainingLoop.CHECKPOINT_DIR), "sdr");
        assertEquals(List.of("sdr"), RunDirectory.methods(dir));
        RunDirectory.requireOnly(dir, "sdr");
        ImageSet pool = ImageSet.unlabeled("p", 3, 32, new byte[64 * 3 * 32 * 32]);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new UnifiedMethod().pretrain(
                new PretrainMethod.Request(pool, ResNetSpec.tiny(), LoopSettings.defaults().withProgress(false), dir, true, Device.cpu())));
        assertTrue(e.getMessage().contains("holds a sdr run") && e.getMessage().contains("unified"), e.getMessage());
    }

    @Test
    void aResumeWithAnotherSeedSaysSoEvenWhenTheDataDiffersToo(@TempDir Path dir) {
        LoopSettings loop = LoopSettings.defaults().withEpochs(1).withBatchSize(2).withWarmupEpochs(0).withProgress(false);
        try (NDManager m = NDManager.newBaseManager()) {
            new TrainingLoop(new SumObjective(m, List.of()), SumObjective.pool(), loop.withStopAfterStep(2), Device.cpu()).run(dir, false, m);
        }
        byte[] px = new byte[8 * 32 * 32];
        px[0] = 1; // other images, as a pool sampled with another seed would be
        ImageSet resampled = ImageSet.unlabeled("p", 1, 32, px);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainingLoop(
                    new SumObjective(m, List.of()), resampled, loop.withSeed(43), Device.cpu()).run(dir, true, m));
            assertTrue(e.getMessage().contains("seed 42 vs 43"), e.getMessage());
        }
    }
}
