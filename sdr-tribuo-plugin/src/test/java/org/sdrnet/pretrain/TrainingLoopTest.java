package org.sdrnet.pretrain;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;
import org.sdrnet.pretrain.simsiam.UnifiedMethod;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real SimSiam steps on real MNIST images: the loss falls, and a resumed run equals an uninterrupted one. */
class TrainingLoopTest {
    private static final SimSiamSettings HEADS = new SimSiamSettings(64, 32, 16);
    private static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    private static ImageSet pool;

    @BeforeAll
    static void loadPool() {
        pool = DataCatalog.defaults().pool("P1", Preset.TINY, 1L).head(128);
    }

    private static TrainingSummary train(Path dir, LoopSettings loop, boolean resume) {
        return new UnifiedMethod(HEADS).pretrain(new PretrainMethod.Request(pool, NET, loop, dir, resume, Device.cpu()));
    }

    private static LoopSettings loop() {
        return LoopSettings.defaults().withEpochs(3).withBatchSize(32).withBaseLr(0.1f).withWarmupEpochs(0)
                .withLogEvery(1).withCheckpointEvery(1000).withProgress(false).withSeed(11);
    }

    @Test
    void lossDecreasesOverRealSteps(@TempDir Path dir) throws IOException {
        LoopSettings s = LoopSettings.defaults().withEpochs(16).withBatchSize(32).withBaseLr(0.8f).withWarmupEpochs(0)
                .withLogEvery(1).withProgress(false).withSeed(5);
        TrainingSummary summary = train(dir, s, false);
        assertTrue(summary.finished());
        List<Double> losses = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve(TrainingLoop.LOG_FILE))) {
            JsonNode n = json.readTree(line);
            losses.add(n.get("loss").asDouble());
            assertTrue(n.has("zStd") && n.has("imagesPerSec") && n.has("lr") && n.has("clippedSteps"), line);
            double g = n.get("gradNorm").asDouble();
            assertTrue(g > 0 && Double.isFinite(g), "a real step has a positive, finite gradient norm: " + line);
        }
        assertEquals(64, losses.size());
        double first = losses.subList(0, 4).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = losses.subList(60, 64).stream().mapToDouble(d -> d).average().orElseThrow();
        assertTrue(last < first - 0.05, "loss should fall: first steps " + first + ", last steps " + last + "; all: " + losses);
        assertTrue(losses.stream().allMatch(l -> l >= -1.0001 && l <= 1.0001), "SimSiam loss lies in [-1, 1]");
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        train(straight, loop(), false);
        TrainingSummary partial = train(killed, loop().withStopAfterStep(5), false);
        assertFalse(partial.finished());
        assertEquals(5, CheckpointStore.manifest(killed.resolve(TrainingLoop.CHECKPOINT_DIR)).progress().globalStep());
        TrainingSummary resumed = train(killed, loop(), true);
        assertTrue(resumed.finished());

        Map<String, HostTensor> a = CheckpointStore.backbone(straight.resolve(TrainingLoop.CHECKPOINT_DIR)).weights();
        Map<String, HostTensor> b = CheckpointStore.backbone(killed.resolve(TrainingLoop.CHECKPOINT_DIR)).weights();
        assertEquals(a.keySet(), b.keySet());
        double maxDiff = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).values();
            float[] y = b.get(k).values();
            for (int i = 0; i < x.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
            }
        }
        assertTrue(maxDiff < 1e-5, "resumed parameters differ from the uninterrupted run by " + maxDiff);
    }

    @Test
    void refusesToOverwriteAndRejectsAMismatchedCheckpoint(@TempDir Path dir) {
        train(dir, loop().withStopAfterStep(2), false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(dir, loop(), false));
        assertTrue(e.getMessage().contains("already holds a checkpoint"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> train(dir, loop().withBatchSize(16), true));
        assertTrue(m.getMessage().contains("does not match") && m.getMessage().contains("batchSize"), m.getMessage());
    }
}
