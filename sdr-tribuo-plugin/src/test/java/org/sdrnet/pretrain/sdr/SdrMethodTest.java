package org.sdrnet.pretrain.sdr;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.CosineSchedule;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.TrainingSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SDR end to end on a tiny real MNIST + Fashion pool: levels, tree, sub-nets, and resume at a level above 0. */
class SdrMethodTest {
    private static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    private static final SdrSettings SETTINGS = SdrSettings.defaults().withGroups(2).withLevelEpochs(1, 1, 1, 1, 1)
            .withMinClusterSize(8).withHeads(new SimSiamSettings(64, 32, 16));
    private static ImageSet pool;

    @BeforeAll
    static void loadPool() {
        pool = DataCatalog.defaults().mixedPool(java.util.List.of("P1", "P2"), Preset.TINY, 2);
    }

    private static LoopSettings loop() {
        return LoopSettings.defaults().withBatchSize(50).withWarmupEpochs(0).withProgress(false).withSeed(9)
                .withLogEvery(2).withCheckpointEvery(1000);
    }

    private static TrainingSummary run(Path dir, LoopSettings loop, boolean resume) {
        return new SdrMethod(SETTINGS).pretrain(new PretrainMethod.Request(pool, NET, loop, dir, resume, Device.cpu()));
    }

    @Test
    void progressiveTrainingBuildsTheTreeAndYieldsRoutableSubnets(@TempDir Path dir) throws java.io.IOException {
        TrainingSummary s = run(dir, loop(), false);
        assertTrue(s.finished());
        assertEquals(5L * (pool.size() / 50), s.globalStep());
        for (int level = 0; level <= 4; level++) {
            assertTrue(CheckpointStore.manifest(SdrMethod.levelDir(dir, level).resolve(TrainingLoop.CHECKPOINT_DIR)).progress().finished());
        }
        SdrRun sdr = SdrRun.open(dir);
        assertEquals(16, sdr.spec().numPaths());
        assertEquals(pool.size(), sdr.tree().size());
        assertTrue(Files.exists(dir.resolve(ClusterFiles.MARKDOWN)) && Files.exists(dir.resolve(ClusterFiles.CHART))
                && Files.exists(dir.resolve(ClusterFiles.SAMPLES)));
        assertTrue(Files.readString(dir.resolve(ClusterFiles.MARKDOWN)).contains("same-domain neighbours"));
        // the level-1 log of each level > 0 carries the distillation term
        assertTrue(readLog(SdrMethod.levelDir(dir, 2)).contains("siamKd"));
        assertFalse(readLog(SdrMethod.levelDir(dir, 0)).contains("siamKd"));

        int[] a = sdr.tree().paths()[0];
        int[] b = {1 - a[0], 1 - a[1], 1 - a[2], 1 - a[3]};
        Backbone subA = sdr.subnet(a);
        Backbone subB = sdr.subnet(b);
        try (DjlFeatureExtractor fa = new DjlFeatureExtractor(subA, Device.cpu());
             DjlFeatureExtractor fb = new DjlFeatureExtractor(subB, Device.cpu())) {
            float[][] xa = fa.features(pool.head(4));
            float[][] xb = fb.features(pool.head(4));
            assertEquals(NET.featureDim(), xa[0].length);
            assertFalse(java.util.Arrays.equals(xa[0], xb[0]), "different paths give different sub-nets after untying");
        }
    }

    @Test
    void resumeInsideLevelTwoEqualsTheUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        run(straight, loop(), false);
        int perLevel = pool.size() / 50;
        TrainingSummary partial = run(killed, loop().withStopAfterStep(2L * perLevel + 3), false);
        assertFalse(partial.finished());
        assertEquals(2L * perLevel + 3, partial.globalStep());
        assertFalse(Files.exists(SdrMethod.levelDir(killed, 3)), "nothing beyond the interrupted level");
        assertThrows(IllegalStateException.class, () -> run(killed, loop(), false), "refuses to overwrite without --resume");
        assertTrue(run(killed, loop(), true).finished());

        Map<String, HostTensor> x = SdrRun.open(straight).subnet(new int[] {0, 1, 1, 0}).weights();
        Map<String, HostTensor> y = SdrRun.open(killed).subnet(new int[] {0, 1, 1, 0}).weights();
        double max = 0;
        for (String k : x.keySet()) {
            for (int i = 0; i < x.get(k).values().length; i++) {
                max = Math.max(max, Math.abs(x.get(k).values()[i] - y.get(k).values()[i]));
            }
        }
        assertTrue(max < 1e-5, "resumed SDR run differs by " + max);
        assertArrayEquals(SdrRun.open(straight).tree().leafIds(), SdrRun.open(killed).tree().leafIds());
    }

    @Test
    void expertsModeTrainsOneSubnetPerLevelOneClusterWithTheSameGroupAtEveryStage(@TempDir Path dir) {
        Map<String, String> experts = Map.of("treeDepth", "1");
        SdrMethod method = new SdrMethod(SETTINGS);
        TrainingSummary s = method.pretrain(new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(), experts));
        assertTrue(s.finished());
        SdrRun sdr = SdrRun.open(dir);
        ClusterTree tree = sdr.tree();
        assertEquals(1, tree.depth(), "one tree level: G = 2 experts");
        int[][] paths = tree.networkPaths(4);
        for (int i = 0; i < paths.length; i++) {
            int g = tree.paths()[i][0];
            assertArrayEquals(new int[] {g, g, g, g}, paths[i], "row " + i + " uses its level-1 group at every stage");
        }
        for (int g = 0; g < 2; g++) {
            Map<String, HostTensor> byTreePath = sdr.subnet(new int[] {g}).weights();
            Map<String, HostTensor> byNetworkPath = sdr.subnet(new int[] {g, g, g, g}).weights();
            for (String k : byTreePath.keySet()) {
                assertArrayEquals(byTreePath.get(k).values(), byNetworkPath.get(k).values(), k);
            }
        }
        // the stem is shared by design; every convolution after it belongs to the expert and must differ
        Map<String, HostTensor> expert0 = sdr.subnet(new int[] {0}).weights();
        Map<String, HostTensor> expert1 = sdr.subnet(new int[] {1}).weights();
        for (String k : new java.util.TreeSet<>(expert0.keySet())) {
            boolean same = java.util.Arrays.equals(expert0.get(k).values(), expert1.get(k).values());
            if (k.startsWith("stem.")) {
                assertTrue(same, k + " is shared");
            } else if (k.endsWith("conv.weight") || k.matches(".*conv\\d\\.weight")) {
                assertFalse(same, "the two experts differ in " + k);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdr.subnet(new int[] {0, 1, 0, 0}));
        assertTrue(e.getMessage().contains("[0, 1, 0, 0] was not trained") && e.getMessage().contains("[0, 0, 0, 0]"), e.getMessage());
        // resuming with another tree depth is refused, naming the tree file and both depths
        e = assertThrows(IllegalArgumentException.class, () -> method.pretrain(new PretrainMethod.Request(pool, NET, loop(),
                dir, true, Device.cpu(), Map.of("treeDepth", "2"))));
        assertTrue(e.getMessage().contains("tree.json") || e.getMessage().contains("treeDepth"), e.getMessage());
    }

    @Test
    void optionsAreParsedAndUnknownOnesRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SdrMethod().pretrain(
                new PretrainMethod.Request(pool, NET, loop(), Path.of("unused"), false, Device.cpu(), Map.of("grups", "4"))));
        assertTrue(e.getMessage().contains("no option 'grups'") && e.getMessage().contains("groups"), e.getMessage());
        SdrSettings s = new SdrMethod().settingsFor(new PretrainMethod.Request(pool, NET, loop(), Path.of("unused"), false,
                Device.cpu(), Map.of("groups", "3", "levelEpochs", "4,1,1,1,1", "siamKd", "0")));
        assertEquals(3, s.groups());
        assertArrayEquals(new int[] {4, 1, 1, 1, 1}, s.epochsPerLevel(99, 4));
        assertEquals(0f, s.siamKdWeight());
        assertArrayEquals(new int[] {8, 3, 3, 3, 3}, SdrSettings.defaults().epochsPerLevel(20, 4));
    }

    @Test
    void aGlobalScheduleWarmsUpOnceAndDecaysToZeroAcrossTheLevels(@TempDir Path dir) throws java.io.IOException {
        LoopSettings loop = loop().withWarmupEpochs(1).withLogEvery(1);
        new SdrMethod(SETTINGS.withGlobalSchedule(true)).pretrain(new PretrainMethod.Request(pool, NET, loop, dir, false,
                Device.cpu(), Map.of("schedule", "global")));
        int perLevel = pool.size() / 50;
        long total = 5L * perLevel;
        ObjectMapper json = new ObjectMapper();
        for (int level = 0; level <= 4; level++) {
            float peak = loop.baseLr() * (level == 0 ? 1 : SETTINGS.refineLrScale()) * 50 / 256f;
            CosineSchedule expected = new CosineSchedule(peak, perLevel, total, (long) level * perLevel);
            List<String> lines = Files.readAllLines(SdrMethod.levelDir(dir, level).resolve(TrainingLoop.LOG_FILE));
            assertEquals(perLevel, lines.size());
            for (String line : lines) {
                JsonNode n = json.readTree(line);
                assertEquals(expected.at(n.get("step").asLong() - 1), n.get("lr").floatValue(), 1e-7, "level " + level + ": " + line);
            }
        }
        float lastLr = json.readTree(Files.readAllLines(SdrMethod.levelDir(dir, 4).resolve(TrainingLoop.LOG_FILE)).get(perLevel - 1))
                .get("lr").floatValue();
        assertTrue(lastLr < 0.01f * loop.baseLr(), "the run ends near a zero learning rate, not at a peak: " + lastLr);
        assertTrue(readLog(SdrMethod.levelDir(dir, 1)).contains("\"lr\""));
        assertEquals("global", CheckpointStore.manifest(SdrMethod.levelDir(dir, 2).resolve(TrainingLoop.CHECKPOINT_DIR))
                .settings().get("schedule"));
    }

    @Test
    void privateGroupFactorsCoverTheUntiedStagesGroupsOnly() {
        java.util.Set<String> names = java.util.Set.of("sdrnet.stem.conv.weight", "sdrnet.stage1.block0.conv1.shared.weight",
                "sdrnet.stage1.block0.conv1.group2.weight", "sdrnet.stage1.block0.bn1.group2.gamma",
                "sdrnet.stage2.block0.conv1.group0.weight", "projector.fc1.weight");
        assertEquals(Map.of("sdrnet.stage1.block0.conv1.group2.weight", 4f, "sdrnet.stage1.block0.bn1.group2.gamma", 4f),
                SdrObjective.privateGroupFactors(names, 1, 4f));
        assertEquals(3, SdrObjective.privateGroupFactors(names, 2, 4f).size());
    }

    @Test
    void anUnknownScheduleIsRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SdrMethod(SETTINGS).pretrain(
                new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(), Map.of("schedule", "cyclic"))));
        assertTrue(e.getMessage().contains("per-level or global") && e.getMessage().contains("cyclic"), e.getMessage());
    }

    private static String readLog(Path levelDir) {
        try {
            return Files.readString(levelDir.resolve(TrainingLoop.LOG_FILE));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
