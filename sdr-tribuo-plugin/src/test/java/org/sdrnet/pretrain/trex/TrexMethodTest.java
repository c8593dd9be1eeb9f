package org.sdrnet.pretrain.trex;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.MultiCropAugmenter;
import org.sdrnet.data.augment.ViewBatch;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.io.Json;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.TrainingObjective;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TrainingSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * t-ReX on a tiny real pool (400 MNIST + Fashion images, labelled by domain) with a micro backbone and small heads:
 * gradients reach only the student, a short run's loss is finite and falls, a resumed run equals an uninterrupted one
 * (student, EMA copy, memory), the baselines run, and bad input is refused naming the problem.
 */
class TrexMethodTest {
    private static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    private static final TrexSettings SETTINGS = TrexSettings.defaults().withProjector(32, 16).withMemorySize(64)
            .withEmaMomentum(0.9f).withLocalCrops(2);
    private static final int BATCH = 50;
    private static ImageSet pool;

    @BeforeAll
    static void loadPool() {
        pool = DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.TINY, 2);
    }

    private static LoopSettings loop() {
        return LoopSettings.defaults().withEpochs(2).withBatchSize(BATCH).withWarmupEpochs(0).withProgress(false).withSeed(9)
                .withLogEvery(1).withCheckpointEvery(1000);
    }

    private static TrainingSummary run(TrexSettings s, Path dir, LoopSettings loop, boolean resume) {
        return new TrexMethod(s).pretrain(new PretrainMethod.Request(pool, NET, loop, dir, resume, Device.cpu()));
    }

    private static Map<String, HostTensor> tensors(Path runDir, String file) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore.tensors(runDir.resolve(TrainingLoop.CHECKPOINT_DIR), file, m).forEach((k, v) -> out.put(k, HostTensor.of(v)));
        }
        return out;
    }

    private static double maxDiff(HostTensor a, HostTensor b) {
        double max = 0;
        for (int i = 0; i < a.values().length; i++) {
            max = Math.max(max, Math.abs(a.values()[i] - b.values()[i]));
        }
        return max;
    }

    private static double maxDiff(Map<String, HostTensor> a, Map<String, HostTensor> b, String prefix) {
        double max = 0;
        int compared = 0;
        for (Map.Entry<String, HostTensor> e : a.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                max = Math.max(max, maxDiff(e.getValue(), b.get(e.getKey())));
                compared++;
            }
        }
        assertTrue(compared > 0, "nothing compared under " + prefix);
        return max;
    }

    private static List<Double> losses(Path runDir) throws IOException {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve(TrainingLoop.LOG_FILE))) {
            JsonNode n = Json.MAPPER.readTree(line);
            if (n.has("loss")) {
                out.add(n.get("loss").asDouble());
            }
        }
        return out;
    }

    @Test
    void isRegisteredAndListsItsOptions() {
        PretrainMethod m = Services.find(PretrainMethod.class, "trex");
        assertInstanceOf(TrexMethod.class, m);
        assertTrue(m.options().keySet().containsAll(List.of("classifier", "projectorDepth", "memorySize", "emaMomentum",
                "temperature", "localCrops", "localSize", "globalScale", "localScale", "projectorHidden", "projectionDim")),
                m.options().toString());
    }

    @Test
    void everySettingHasItsDefaultAndParsesFromOptions(@TempDir Path dir) {
        TrexSettings d = new TrexMethod().settingsFor(new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu()));
        assertEquals(TrexSettings.defaults(), d);
        assertEquals(TrexSettings.Classifier.PROTOTYPES, d.classifier());
        assertEquals(3, d.projectorDepth());
        assertEquals(512, d.projectorHidden());
        assertEquals(128, d.projectionDim());
        assertEquals(0.1f, d.temperature());
        assertEquals(0.999f, d.emaMomentum());
        assertEquals(new TrexSettings.Crops(4, 16, 0.25, 1.0, 0.05, 0.25), d.crops());
        assertEquals(TrexSettings.AUTO_MEMORY, d.memorySize());
        assertEquals(8 * 52, d.memoryRows(52, 64), "auto: 8 rows per class");
        assertEquals(256, d.memoryRows(10, 256), "auto: at least one batch");
        assertEquals(100, d.withMemorySize(100).memoryRows(52, 64), "an explicit size is kept");

        Map<String, String> o = new LinkedHashMap<>();
        o.put("classifier", "cosine");
        o.put("projectorDepth", "1");
        o.put("memorySize", "auto");
        o.put("localCrops", "6");
        o.put("localSize", "12");
        o.put("globalScale", "0.3, 0.9");
        o.put("localScale", "0.1,0.2");
        TrexSettings s = new TrexMethod().settingsFor(new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(), o));
        assertEquals(TrexSettings.Classifier.COSINE, s.classifier());
        assertEquals(1, s.projectorDepth());
        assertEquals(TrexSettings.AUTO_MEMORY, s.memorySize());
        assertEquals(new TrexSettings.Crops(6, 12, 0.3, 0.9, 0.1, 0.2), s.crops());
        MultiCropAugmenter a = s.crops().augmenter(32);
        assertEquals(1, a.numGlobal());
        assertEquals(32, a.globalSize());
        assertEquals(6, a.numLocal());
        assertEquals(12, a.localSize());
        assertEquals(0.3, a.globalAugmentation().cropScaleMin());
        assertEquals(0.9, a.globalAugmentation().cropScaleMax());
        assertEquals(0.1, a.localAugmentation().cropScaleMin());
        assertEquals(0.2, a.localAugmentation().cropScaleMax());
    }

    @Test
    void gradientsReachOnlyTheStudent() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            TrexNetwork student = new TrexNetwork(NET, SETTINGS);
            student.initialize(manager, 1);
            EmaCopy ema = EmaCopy.of(student, SETTINGS, manager);
            MemoryBank memory = MemoryBank.random(64, student.embeddingDim(), pool.numClasses(), 1, manager);
            TrexObjective o = new TrexObjective(student, null, ema, memory, SETTINGS, pool,
                    MultiCropAugmenter.builder().optLocalCrops(2, 16, 0.05, 0.25).build());
            int[] batch = {0, 1, 2, 3, 300, 301, 302, 303};
            List<ViewBatch> views = o.views(batch, 5);
            assertEquals(3, views.size(), "1 global + 2 local");
            ParameterStore ps = new ParameterStore(manager, false);
            try (NDManager sm = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                TrainingObjective.StepOutput out = o.forward(ps, sm, batch, views);
                gc.backward(out.loss());
                int student_ = 0;
                for (Map.Entry<String, Parameter> e : o.parameters().entrySet()) {
                    String k = e.getKey();
                    Parameter p = e.getValue();
                    if (k.startsWith(TrexObjective.EMA) || k.startsWith(TrexObjective.MEMORY)) {
                        assertFalse(p.requiresGradient(), k + " must not require a gradient");
                        assertFalse(p.getArray().hasGradient(), k + " must have no gradient");
                    } else if (p.requiresGradient()) {
                        assertTrue(p.getArray().getGradient().abs().sum().getFloat() > 0, k + " gets a gradient");
                        student_++;
                    }
                }
                assertTrue(student_ > 10, "student parameters checked: " + student_);
                assertTrue(o.parameters().keySet().stream().anyMatch(k -> k.startsWith("projector.")));
            }
        }
    }

    @Test
    void aShortRunHasAFiniteFallingLossAndMovesMemoryAndCopy(@TempDir Path dir) throws IOException {
        TrainingSummary s = run(SETTINGS, dir, loop().withEpochs(3), false);
        assertTrue(s.finished());
        assertTrue(Float.isFinite(s.lastLoss()), "loss " + s.lastLoss());
        List<Double> l = losses(dir);
        assertEquals(24, l.size());
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3;
        double last = (l.get(21) + l.get(22) + l.get(23)) / 3;
        assertTrue(last < first, "loss falls: first steps " + first + ", last " + last + " in " + l);

        Map<String, HostTensor> w = tensors(dir, CheckpointStore.MODEL);
        assertEquals((24 * BATCH) % 64, (int) w.get("memory.pointer").values()[0], "every step enqueued one batch");
        assertTrue(maxDiff(w.get("ema.backbone.stem.conv.weight"), w.get("backbone.stem.conv.weight")) > 1e-6,
                "the copy lags the student");
        assertEquals(NET, CheckpointStore.backbone(dir.resolve(TrainingLoop.CHECKPOINT_DIR)).spec(), "backbone.* is the backbone");
    }

    @Test
    void resumeAfterAStopEqualsTheUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        run(SETTINGS, straight, loop(), false);
        TrainingSummary partial = run(SETTINGS, killed, loop().withStopAfterStep(5), false);
        assertFalse(partial.finished());
        assertTrue(run(SETTINGS, killed, loop(), true).finished());

        Map<String, HostTensor> a = tensors(straight, CheckpointStore.MODEL);
        Map<String, HostTensor> b = tensors(killed, CheckpointStore.MODEL);
        assertEquals(a.keySet(), b.keySet());
        for (String prefix : new String[] {"backbone.", "projector.", TrexObjective.EMA, TrexObjective.MEMORY}) {
            double d = maxDiff(a, b, prefix);
            assertTrue(d < 1e-5, prefix + " differs by " + d);
        }
    }

    @Test
    void theBaselinesTrainWithoutMemoryOrCopy(@TempDir Path dir) {
        for (TrexSettings.Classifier c : new TrexSettings.Classifier[] {TrexSettings.Classifier.LINEAR, TrexSettings.Classifier.COSINE}) {
            Path d = dir.resolve(c.label());
            TrainingSummary s = run(SETTINGS.withClassifier(c), d, loop().withEpochs(1), false);
            assertTrue(Float.isFinite(s.lastLoss()), c + " loss " + s.lastLoss());
            Map<String, HostTensor> w = tensors(d, CheckpointStore.MODEL);
            assertTrue(w.keySet().stream().noneMatch(k -> k.startsWith("ema.") || k.startsWith("memory.")), c + ": " + w.keySet());
            assertTrue(w.containsKey("classifier.weight"));
            assertEquals(c == TrexSettings.Classifier.COSINE, w.keySet().stream().anyMatch(k -> k.startsWith("projector.")),
                    c + ": the linear baseline has no projector");
        }
    }

    @Test
    void badInputIsRefusedNamingTheProblem(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrexMethod(SETTINGS).pretrain(new PretrainMethod.Request(pool.withoutLabels(), NET, loop(), dir, false, Device.cpu())));
        assertTrue(e.getMessage().contains("needs a labelled pool"), e.getMessage());
        int[] ones = java.util.stream.IntStream.range(0, pool.size()).filter(i -> pool.label(i) == 0).toArray();
        ImageSet oneClass = pool.subset("one-class", ones).withLabels(new int[ones.length], List.of("P1"));
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
                () -> new TrexMethod(SETTINGS).pretrain(new PretrainMethod.Request(oneClass, NET, loop(), dir, false, Device.cpu())));
        assertTrue(single.getMessage().contains("needs at least two classes; pool 'one-class' has one (P1)"), single.getMessage());
        Map<Map<String, String>, String> bad = new LinkedHashMap<>();
        bad.put(Map.of("classifier", "knn"), "unknown classifier 'knn'; available: prototypes, linear, cosine");
        bad.put(Map.of("projectorDepth", "-1"), "'projectorDepth' must be ≥ 0");
        bad.put(Map.of("emaMomentum", "1"), "'emaMomentum' must be in (0, 1)");
        bad.put(Map.of("memorySize", "many"), "option memorySize = 'many' is not a number");
        bad.put(Map.of("depth", "2"), "method 'trex' has no option 'depth'");
        bad.put(Map.of("memorySize", "0"), "'memorySize' must be ≥ 1, or auto, got 0");
        bad.put(Map.of("localScale", "0.3,0.2"), "'localScale' must be MIN,MAX with 0 < MIN ≤ MAX ≤ 1, got 0.3,0.2");
        bad.put(Map.of("globalScale", "0.5"), "option globalScale = '0.5' must be MIN,MAX");
        bad.put(Map.of("globalScale", "0.5,1.5"), "'globalScale' must be MIN,MAX with 0 < MIN ≤ MAX ≤ 1, got 0.5,1.5");
        bad.put(Map.of("localSize", "0"), "'localSize' must be ≥ 1 pixel");
        for (Map.Entry<Map<String, String>, String> b : bad.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new TrexMethod().settingsFor(
                    new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(), b.getKey())), b.getKey().toString());
            assertTrue(x.getMessage().contains(b.getValue()), b.getKey() + ": " + x.getMessage());
        }
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> run(SETTINGS.withMemorySize(10), dir.resolve("small"), loop(), false));
        assertTrue(small.getMessage().contains("'memorySize' (10) must be at least the batch size 50"), small.getMessage());
    }
}
