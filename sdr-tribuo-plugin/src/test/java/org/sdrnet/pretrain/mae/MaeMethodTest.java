package org.sdrnet.pretrain.mae;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code mae} method on a real pool with the small test ViT: the encoder sees the visible patches only, a short run's
 * loss is finite and falls, the checkpoint's backbone is a plain ViT, a resumed run equals an uninterrupted one, and bad
 * input is refused naming the problem.
 */
class MaeMethodTest {
    private static final VitSpec NET = VitSpec.test();
    private static final MaeSettings SETTINGS = MaeSettings.defaults().with(MaeSettings.DECODER_DIM, "32")
            .with(MaeSettings.DECODER_HEADS, "2");
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

    private static TrainingSummary run(Path dir, LoopSettings loop, boolean resume) {
        return run(SETTINGS, dir, loop, resume);
    }

    private static TrainingSummary run(MaeSettings s, Path dir, LoopSettings loop, boolean resume) {
        return new MaeMethod(s).pretrain(new PretrainMethod.Request(pool, NET, loop, dir, resume, Device.cpu()));
    }

    private static Map<String, HostTensor> tensors(Path runDir) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore.tensors(runDir.resolve(TrainingLoop.CHECKPOINT_DIR), CheckpointStore.MODEL, m)
                    .forEach((k, v) -> out.put(k, HostTensor.of(v)));
        }
        return out;
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
        PretrainMethod m = Services.find(PretrainMethod.class, "mae");
        assertInstanceOf(MaeMethod.class, m);
        assertEquals(List.of("maskRatio", "decoderDepth", "decoderDim", "decoderHeads", "decoderMlpRatio", "normPixLoss", "cropScaleMin",
                "optimizer", "adamBeta1", "adamBeta2", "adamWeightDecay", "init"), List.copyOf(m.options().keySet()));
    }

    @Test
    void theLearningRateDefaultsToTheOptimisersScale() {
        PretrainMethod m = Services.find(PretrainMethod.class, "mae");
        assertEquals(MaeSettings.ADAMW_BASE_LR, m.loopDefaults(Map.of()).baseLr(), "AdamW by default");
        assertEquals(LoopSettings.defaults().baseLr(), m.loopDefaults(Map.of("optimizer", "sgd")).baseLr());
        assertEquals(LoopSettings.defaults().epochs(), m.loopDefaults(Map.of()).epochs(), "only the rate changes");
        assertEquals(LoopSettings.defaults().baseLr(), Services.find(PretrainMethod.class, "unified").loopDefaults(Map.of()).baseLr());
    }

    @Test
    void theEncoderSeesTheVisiblePatchesOnly() {
        int n = 3;
        float[] images = new float[n * 3 * 32 * 32];
        Random r = new Random(4);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextGaussian();
        }
        RandomMasking masking = RandomMasking.of(NET.numPatches(), 0.75);
        RandomMasking.Batch masks = masking.sample(new int[] {0, 1, 2}, 5L);
        // another image that differs from the first in every masked patch only, and a third that differs in a visible one
        float[] maskedChanged = images.clone();
        float[] visibleChanged = images.clone();
        int p = NET.patchSize();
        for (int b = 0; b < n; b++) {
            for (int patch = 0; patch < NET.numPatches(); patch++) {
                boolean masked = masks.mask()[b * NET.numPatches() + patch] == 1f;
                int gy = patch / NET.gridSize();
                int gx = patch % NET.gridSize();
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            int at = ((b * 3 + c) * 32 + gy * p + i) * 32 + gx * p + j;
                            if (masked) {
                                maskedChanged[at] += 5f;
                            } else if (patch == masks.keep()[b][0]) {
                                visibleChanged[at] += 5f;
                            }
                        }
                    }
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MaeNetwork net = new MaeNetwork(NET, SETTINGS);
            net.initialize(m, 3);
            ParameterStore ps = new ParameterStore(m, false);
            Shape shape = new Shape(n, 3, 32, 32);
            float[] base = net.reconstruct(ps, m.create(images, shape), masks, false).toFloatArray();
            float[] same = net.reconstruct(ps, m.create(maskedChanged, shape), masks, false).toFloatArray();
            float[] other = net.reconstruct(ps, m.create(visibleChanged, shape), masks, false).toFloatArray();
            assertEquals(n * NET.numPatches() * NET.patchDim(), base.length);
            double sameDiff = 0;
            double otherDiff = 0;
            for (int i = 0; i < base.length; i++) {
                sameDiff = Math.max(sameDiff, Math.abs(base[i] - same[i]));
                otherDiff = Math.max(otherDiff, Math.abs(base[i] - other[i]));
            }
            assertEquals(0.0, sameDiff, 1e-6, "masked pixels must not reach the reconstruction");
            assertTrue(otherDiff > 1e-3, "visible pixels do reach it: " + otherDiff);
        }
    }

    @Test
    void aShortRunHasAFiniteFallingLossAndItsBackboneIsAPlainVit(@TempDir Path dir) throws IOException {
        TrainingSummary s = run(dir, loop().withEpochs(3), false);
        assertTrue(s.finished());
        assertTrue(Float.isFinite(s.lastLoss()), "loss " + s.lastLoss());
        List<Double> l = losses(dir);
        int k = l.size();
        double first = (l.get(0) + l.get(1) + l.get(2)) / 3;
        double last = (l.get(k - 1) + l.get(k - 2) + l.get(k - 3)) / 3;
        assertTrue(last < first, "loss falls: first steps " + first + ", last " + last + " in " + l);

        Map<String, HostTensor> w = tensors(dir);
        assertTrue(w.keySet().stream().anyMatch(key -> key.startsWith("decoder.")), "the checkpoint holds the decoder");
        Backbone b = CheckpointStore.backbone(dir.resolve(TrainingLoop.CHECKPOINT_DIR));
        assertEquals(NET, b.spec());
        assertEquals(new VitBackbone(NET).namedParameters().keySet(), b.weights().keySet(), "backbone.* is exactly the plain ViT");
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(b, Device.cpu())) {
            float[][] f = fx.features(pool.head(4));
            assertEquals(NET.dim(), f[0].length);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"adamw", "sgd"})
    void resumeAfterAStopEqualsTheUninterruptedRun(String optimizer, @TempDir Path dir) {
        MaeSettings s = SETTINGS.with(MaeSettings.OPTIMIZER, optimizer);
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        run(s, straight, loop(), false);
        assertTrue(!run(s, killed, loop().withStopAfterStep(5), false).finished());
        assertTrue(run(s, killed, loop(), true).finished());
        Map<String, HostTensor> a = tensors(straight);
        Map<String, HostTensor> b = tensors(killed);
        assertEquals(a.keySet(), b.keySet());
        double max = 0;
        for (Map.Entry<String, HostTensor> e : a.entrySet()) {
            float[] x = e.getValue().values();
            float[] y = b.get(e.getKey()).values();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        System.out.println("mae resume (" + optimizer + "): max |uninterrupted - resumed| over all parameters = " + max);
        // the same kernels on the same inputs in the same order: equal up to the rounding of a restored optimizer state
        assertTrue(max < 1e-5, "resumed run differs by " + max);
    }

    /** {@code -o init=RUN} starts from every weight of an earlier mae run (TEC's "MAE for more epochs" baseline). */
    @Test
    void aRunCanStartFromTheWeightsOfAnEarlierMaeRun(@TempDir Path dir) {
        Path first = dir.resolve("first");
        run(first, loop().withEpochs(1), false);
        Map<String, HostTensor> start = tensors(first);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            MaeNetwork net = new MaeNetwork(NET, SETTINGS);
            net.initialize(m, 77);
            MaeMethod.startFrom(net, first, m);
            net.namedParameters().forEach((k, p) -> assertTrue(java.util.Arrays.equals(start.get(k).values(),
                    p.getArray().toFloatArray()), k + " was not loaded"));
        }
        Path second = dir.resolve("second");
        MaeSettings from = SETTINGS.with(MaeSettings.INIT, first.toString());
        assertTrue(run(from, second, loop().withEpochs(1), false).finished());
        assertEquals(first.toAbsolutePath().normalize().toString(), CheckpointStore.manifest(second.resolve(TrainingLoop.CHECKPOINT_DIR)).settings().get("init"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(SETTINGS.with(MaeSettings.INIT,
                dir.resolve("nothing").toString()), dir.resolve("third"), loop(), false));
        assertTrue(e.getMessage().contains("is not a run or checkpoint directory"), e.getMessage());
    }

    @Test
    void badInputIsRefusedNamingTheProblem(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaeMethod(SETTINGS).pretrain(
                new PretrainMethod.Request(pool, ResNetSpec.tiny(), loop(), dir, false, Device.cpu())));
        assertTrue(e.getMessage().contains("method 'mae' needs a Vision Transformer backbone"), e.getMessage());
        Map<Map<String, String>, String> bad = new LinkedHashMap<>();
        bad.put(Map.of("maskRatio", "1.2"), "'maskRatio' must be in (0, 1)");
        bad.put(Map.of("decoderHeads", "3"), "'decoderHeads' must be ≥ 1 and divide decoderDim");
        bad.put(Map.of("normPixLoss", "yes"), "must be true or false");
        bad.put(Map.of("decoderDim", "wide"), "option decoderDim = 'wide' is not a number");
        bad.put(Map.of("depth", "2"), "method 'mae' has no option 'depth'");
        bad.put(Map.of("optimizer", "lamb"), "unknown optimizer 'lamb'; available: adamw, sgd");
        bad.put(Map.of("adamBeta2", "1"), "'adamBeta2' must be in [0, 1)");
        for (Map.Entry<Map<String, String>, String> b : bad.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new MaeMethod().settingsFor(
                    new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(), b.getKey())), b.getKey().toString());
            assertTrue(x.getMessage().contains(b.getValue()), x.getMessage());
        }
        assertEquals(0.5, new MaeMethod().settingsFor(new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(),
                Map.of("maskRatio", "0.5"))).maskRatio());
    }
}
