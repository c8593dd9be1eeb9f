package org.sdrnet.pretrain.tec;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.io.Json;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Optimizer;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.ViewTensors;
import org.sdrnet.pretrain.mae.MaeMethod;
import org.sdrnet.pretrain.mae.MaeSettings;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;
import org.sdrnet.spi.Services;
import org.sdrnet.spi.TrainingSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code tec} method on a real pool with the small test ViT and a small MAE base trained here: both losses are logged
 * and finite, the checkpoint's backbone is a plain ViT whose CLS token is the input adapter's output, no gradient
 * reaches the base, a resumed run equals an uninterrupted one, and bad bases and settings are refused naming the problem.
 */
class TecMethodTest {
    private static final VitSpec NET = VitSpec.test(); // depth 2: adapter groups of 1 (2 groups, summed)
    private static final int BATCH = 50;
    private static final Map<String, String> SMALL = Map.of(TecSettings.ADAPTER_GROUP, "1", MaeSettings.DECODER_DIM, "32",
            MaeSettings.DECODER_HEADS, "2", TecSettings.TOP_K, "3");
    @TempDir
    static Path shared;
    private static ImageSet pool;
    private static Path base;

    @BeforeAll
    static void trainBase() {
        pool = DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.TINY, 2);
        base = shared.resolve("mae");
        MaeSettings s = MaeSettings.defaults().with(MaeSettings.DECODER_DIM, "32").with(MaeSettings.DECODER_HEADS, "2");
        new MaeMethod(s).pretrain(new PretrainMethod.Request(pool, NET, loop().withBaseLr(1.5e-3f), base, false, Device.cpu()));
    }

    private static LoopSettings loop() {
        return LoopSettings.defaults().withEpochs(2).withBatchSize(BATCH).withWarmupEpochs(0).withProgress(false).withSeed(9)
                .withLogEvery(1).withCheckpointEvery(1000).withBaseLr(1.5e-3f);
    }

    private static Map<String, String> options(Path baseModel) {
        Map<String, String> o = new LinkedHashMap<>(SMALL);
        o.put(TecSettings.BASE, baseModel.toString());
        return o;
    }

    private static TrainingSummary run(Path dir, LoopSettings loop, boolean resume) {
        return new TecMethod().pretrain(new PretrainMethod.Request(pool, NET, loop, dir, resume, Device.cpu(), options(base)));
    }

    static Map<String, HostTensor> tensors(Path runDir) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore.tensors(runDir.resolve(TrainingLoop.CHECKPOINT_DIR), CheckpointStore.MODEL, m)
                    .forEach((k, v) -> out.put(k, HostTensor.of(v)));
        }
        return out;
    }

    @Test
    void isRegisteredAndListsItsOptions() {
        PretrainMethod m = Services.find(PretrainMethod.class, "tec");
        assertInstanceOf(TecMethod.class, m);
        assertEquals(List.of("base", "topK", "tau", "relationCls", "featureLayers", "adapterGroup", "adapterMlpRatio", "maskRatio",
                "decoderDepth", "decoderDim", "decoderHeads", "decoderMlpRatio", "cropScaleMin", "optimizer", "adamBeta1", "adamBeta2",
                "adamWeightDecay"), List.copyOf(m.options().keySet()));
        assertEquals(MaeSettings.ADAMW_BASE_LR, m.loopDefaults(Map.of()).baseLr(), "AdamW-sized by default");
        assertEquals(LoopSettings.defaults().baseLr(), m.loopDefaults(Map.of(MaeSettings.OPTIMIZER, "sgd")).baseLr());
        TecSettings d = TecSettings.defaults();
        assertEquals(5, d.topK());
        assertEquals(1.8, d.tau());
        assertEquals(0.75, d.mae().maskRatio());
        assertEquals(2, d.mae().decoderDepth());
        assertEquals(128, d.mae().decoderDim());
    }

    @Test
    void aShortRunLogsBothLossesAndItsBackboneIsAPlainVitWithTheAdapterFoldedIntoCls(@TempDir Path dir) throws IOException {
        TrainingSummary s = run(dir, loop(), false);
        assertTrue(s.finished());
        assertTrue(Float.isFinite(s.lastLoss()), "loss " + s.lastLoss());
        int lines = 0;
        for (String line : Files.readAllLines(dir.resolve(TrainingLoop.LOG_FILE))) {
            JsonNode n = Json.MAPPER.readTree(line);
            if (n.has("loss")) {
                double fea = n.get("lossFea").asDouble();
                double att = n.get("lossAtt").asDouble();
                assertTrue(Double.isFinite(fea) && Double.isFinite(att) && fea > 0 && att > 0, line);
                assertEquals(n.get("loss").asDouble(), fea + att, 1e-5 * (1 + fea + att), "loss = L_fea + L_att: " + line);
                lines++;
            }
        }
        assertTrue(lines >= 4, "a line per step");

        Backbone b = CheckpointStore.backbone(dir.resolve(TrainingLoop.CHECKPOINT_DIR));
        assertEquals(NET, b.spec());
        assertEquals(new VitBackbone(NET).namedParameters().keySet(), b.weights().keySet(), "backbone.* is exactly the plain ViT");
        // the folded CLS token equals the input adapter's output computed from the checkpoint's adapter weights
        Map<String, HostTensor> all = tensors(dir);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TecNetwork net = new TecNetwork(NET, TecSettings.defaults().with(TecSettings.ADAPTER_GROUP, "1")
                    .with(MaeSettings.DECODER_DIM, "32").with(MaeSettings.DECODER_HEADS, "2"));
            net.initialize(m, 1);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            all.forEach((k, v) -> arrays.put(k, v.toNDArray(m)));
            Weights.load(net.namedParameters(), arrays, "test");
            float[] adapter = net.adapterCls(m);
            float[] cls = b.weights().get(VitBackbone.CLS).values();
            float[] random = Backbone.randomInit(NET, 1).weights().get(VitBackbone.CLS).values();
            double maxDiff = 0;
            double fromRandom = 0;
            for (int i = 0; i < cls.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(adapter[i] - cls[i]));
                fromRandom = Math.max(fromRandom, Math.abs(random[i] - cls[i]));
            }
            // the same function of the same weights on the same engine: equal up to float32 rounding of one MLP
            assertTrue(maxDiff < 1e-6, "folded CLS differs from the adapter's output by " + maxDiff);
            assertTrue(fromRandom > 1e-3, "the CLS token is the adapter's, not an initial value");
        }
    }

    /** The student's encoder sees the visible patches only: changing every masked pixel leaves its output as it was. */
    @Test
    void theStudentSeesTheVisiblePatchesOnly() {
        TecSettings s = TecSettings.defaults().with(TecSettings.ADAPTER_GROUP, "1");
        org.sdrnet.pretrain.mae.RandomMasking.Batch masks = org.sdrnet.pretrain.mae.RandomMasking.of(NET.numPatches(), 0.75)
                .sample(new int[] {0, 1}, 7L);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TecNetwork net = new TecNetwork(NET, s);
            net.initialize(m, 3);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = ViewTensors.stack(m, MaeMethod.augmenter(s.mae(), NET.imageSize()).augment(pool, new int[] {0, 1}, 1L));
            float[] changed = x.toFloatArray();
            float[] visibleChanged = changed.clone();
            int p = NET.patchSize();
            int size = NET.imageSize();
            for (int b = 0; b < 2; b++) {
                for (int patch = 0; patch < NET.numPatches(); patch++) {
                    boolean masked = masks.mask()[b * NET.numPatches() + patch] == 1f;
                    for (int c = 0; c < 3; c++) {
                        for (int i = 0; i < p; i++) {
                            for (int j = 0; j < p; j++) {
                                int at = ((b * 3 + c) * size + patch / NET.gridSize() * p + i) * size + patch % NET.gridSize() * p + j;
                                if (masked) {
                                    changed[at] += 3f;
                                } else if (patch == masks.keep()[b][0]) {
                                    visibleChanged[at] += 3f;
                                }
                            }
                        }
                    }
                }
            }
            float[] a = net.encode(ps, x, masks, false).toFloatArray();
            float[] same = net.encode(ps, m.create(changed, x.getShape()), masks, false).toFloatArray();
            float[] other = net.encode(ps, m.create(visibleChanged, x.getShape()), masks, false).toFloatArray();
            double sameDiff = 0;
            double otherDiff = 0;
            for (int i = 0; i < a.length; i++) {
                sameDiff = Math.max(sameDiff, Math.abs(a[i] - same[i]));
                otherDiff = Math.max(otherDiff, Math.abs(a[i] - other[i]));
            }
            assertEquals(0.0, sameDiff, 1e-6, "masked pixels must not reach the student");
            assertTrue(otherDiff > 1e-3, "visible pixels do: " + otherDiff);
        }
    }

    @Test
    void noGradientReachesTheBaseAndItsWeightsNeverChange() {
        TecSettings s = new TecMethod().settingsFor(new PretrainMethod.Request(pool, NET, loop(), shared.resolve("unused"), false,
                Device.cpu(), options(base)));
        Backbone baseBackbone = TecMethod.checkedBase(s, NET);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            BaseModel frozen = BaseModel.load(baseBackbone, m);
            TecNetwork net = new TecNetwork(NET, s);
            net.initialize(m, 3);
            TecObjective objective = new TecObjective(net, frozen, s, pool, MaeMethod.augmenter(s.mae(), NET.imageSize()), 3);
            Map<String, float[]> before = new LinkedHashMap<>();
            frozen.network().namedParameters().forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
            Optimizer opt = objective.optimizer(loop(), m);
            int[] idx = {0, 1, 2, 3};
            ParameterStore ps = new ParameterStore(m, false);
            for (long step = 0; step < 2; step++) {
                objective.beforeStep(step);
                try (NDManager sm = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(objective.forward(ps, sm, idx, objective.views(idx, 5 + step)).loss());
                    }
                    for (Parameter p : frozen.network().namedParameters().values()) {
                        assertFalse(p.requiresGradient(), p.getName() + " of the base would take a gradient");
                        assertFalse(p.getArray().hasGradient(), p.getName() + " of the base has a gradient");
                    }
                    double studentGrad = 0;
                    for (Map.Entry<String, Parameter> e : objective.parameters().entrySet()) {
                        if (e.getValue().requiresGradient()) {
                            studentGrad += e.getValue().getArray().getGradient().abs().sum().getFloat();
                        }
                    }
                    assertTrue(studentGrad > 0, "the student learns");
                    opt.step(objective.parameters(), 1e-3f, 0f);
                    objective.afterStep(sm);
                }
            }
            frozen.network().namedParameters().forEach((k, p) -> assertTrue(
                    java.util.Arrays.equals(before.get(k), p.getArray().toFloatArray()), "base weight " + k + " changed"));
            assertFalse(objective.parameters().keySet().stream().anyMatch(k -> frozen.network().namedParameters().containsKey(k)
                    && !k.startsWith("backbone.")), "the base is no part of what is optimised or saved");
        }
    }

    @Test
    void resumeAfterAStopEqualsTheUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        run(straight, loop(), false);
        assertFalse(run(killed, loop().withStopAfterStep(3), false).finished());
        assertTrue(run(killed, loop(), true).finished());
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
        System.out.println("tec resume: max |uninterrupted - resumed| over all parameters = " + max);
        // the same kernels on the same inputs in the same order: equal up to the rounding of a restored optimizer state
        assertTrue(max < 1e-5, "resumed run differs by " + max);
    }

    @Test
    void badBasesAreRefusedNamingTheProblem(@TempDir Path dir) {
        Map<Path, String> bad = new LinkedHashMap<>();
        bad.put(dir.resolve("missing"), "does not exist");
        Path resnet = dir.resolve("resnet");
        BackboneFiles.write(resnet, Backbone.randomInit(ResNetSpec.tiny(), 1));
        bad.put(resnet, "not a Vision Transformer");
        Path wider = dir.resolve("wider");
        VitSpec other = new VitSpec("vit-wide", 3, 32, 8, 48, 2, 2, 2.0, VitSpec.Pooling.CLS);
        BackboneFiles.write(wider, Backbone.randomInit(other, 1));
        bad.put(wider, "vit-wide[in=3x32, patch=8, dim=48");
        Path text = dir.resolve("base.txt");
        try {
            Files.writeString(text, "not a model");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        bad.put(text, "not an .onnx export");
        Path empty = dir.resolve("empty");
        empty.toFile().mkdirs();
        bad.put(empty, "neither a run or checkpoint directory");
        for (Map.Entry<Path, String> b : bad.entrySet()) {
            Path out = dir.resolve("run-" + b.getKey().getFileName());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TecMethod().pretrain(
                    new PretrainMethod.Request(pool, NET, loop(), out, false, Device.cpu(), options(b.getKey()))), b.getKey().toString());
            assertTrue(e.getMessage().contains(b.getValue()) && e.getMessage().contains(b.getKey().toString()), e.getMessage());
            assertFalse(Files.exists(out.resolve(TrainingLoop.CHECKPOINT_DIR)), "nothing written for " + b.getKey());
        }
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class, () -> new TecMethod().pretrain(
                new PretrainMethod.Request(pool, other, loop(), dir.resolve("x"), false, Device.cpu(), options(base))));
        assertTrue(mismatch.getMessage().contains("vit-test") && mismatch.getMessage().contains("vit-wide"), mismatch.getMessage());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new TecMethod().pretrain(
                new PretrainMethod.Request(pool, NET, loop(), dir.resolve("y"), false, Device.cpu(), SMALL)));
        assertTrue(none.getMessage().contains("needs a base model"), none.getMessage());

        Map<Map<String, String>, String> badOptions = new LinkedHashMap<>();
        badOptions.put(Map.of("tau", "0"), "'tau' must be positive");
        badOptions.put(Map.of("topK", "x"), "option topK = 'x' is not a number");
        badOptions.put(Map.of("normPixLoss", "true"), "method 'tec' has no option 'normPixLoss'");
        badOptions.put(Map.of("maskRatio", "1.5"), "method 'tec': setting 'maskRatio' must be in (0, 1)");
        badOptions.put(Map.of("relationCls", "maybe"), "must be true or false");
        for (Map.Entry<Map<String, String>, String> b : badOptions.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new TecMethod().settingsFor(
                    new PretrainMethod.Request(pool, NET, loop(), dir, false, Device.cpu(), b.getKey())), b.getKey().toString());
            assertTrue(x.getMessage().contains(b.getValue()), x.getMessage());
        }
        Map<String, String> group3 = options(base);
        group3.put(TecSettings.ADAPTER_GROUP, "3");
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class, () -> new TecMethod().pretrain(
                new PretrainMethod.Request(pool, NET, loop(), dir.resolve("z"), false, Device.cpu(), group3)));
        assertTrue(g.getMessage().contains("must divide the ViT's depth 2"), g.getMessage());
    }
}
