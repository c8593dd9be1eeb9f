package org.sdrnet.pretrain.dspnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import org.sdrnet.nn.SlimmableSpec;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.simsiam.SimSiamSettings;
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
 * DSPNet end to end on a tiny real MNIST + Fashion pool (400 images) with a micro backbone (8-16-16-32, so every slim
 * width has channel counts that are not multiples of 16): it trains, its teacher moves, a resumed run equals an
 * uninterrupted one, a width that did not run keeps its BatchNorm, and every width comes out as a plain backbone.
 */
class DspNetMethodTest {
    private static final ResNetSpec NET = new ResNetSpec("micro", 3, 32, new int[] {8, 16, 16, 32},
            new int[] {1, 1, 1, 1}, new int[] {1, 2, 2, 2});
    private static final DspNetSettings SETTINGS = DspNetSettings.defaults().withHeads(new SimSiamSettings(64, 32, 16));
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
        return new DspNetMethod(SETTINGS).pretrain(new PretrainMethod.Request(pool, NET, loop, dir, resume, Device.cpu()));
    }

    private static Map<String, HostTensor> model(Path runDir) {
        return tensors(runDir, CheckpointStore.MODEL);
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

    /** Largest difference over the names both maps hold under the given prefixes. */
    private static double maxDiff(Map<String, HostTensor> a, String prefixA, Map<String, HostTensor> b, String prefixB) {
        double max = 0;
        int compared = 0;
        for (Map.Entry<String, HostTensor> e : a.entrySet()) {
            if (e.getKey().startsWith(prefixA)) {
                HostTensor other = b.get(prefixB + e.getKey().substring(prefixA.length()));
                if (other != null) {
                    max = Math.max(max, maxDiff(e.getValue(), other));
                    compared++;
                }
            }
        }
        assertTrue(compared > 0, "nothing compared under " + prefixA + " / " + prefixB);
        return max;
    }

    @Test
    void isRegisteredAndListsItsOptions() {
        PretrainMethod m = Services.find(PretrainMethod.class, "dspnet");
        assertInstanceOf(DspNetMethod.class, m);
        assertTrue(m.options().keySet().containsAll(List.of("widths", "teacherMomentum", "minCropScale")), m.options().toString());
    }

    @Test
    void aShortRunTrainsMovesTheTeacherAndYieldsEveryWidth(@TempDir Path dir) throws IOException {
        TrainingSummary s = run(dir, loop(), false);
        assertTrue(s.finished());
        assertEquals(2L * (pool.size() / BATCH), s.globalStep());
        assertTrue(Float.isFinite(s.lastLoss()), "loss " + s.lastLoss());

        Map<String, HostTensor> trained = model(dir);
        // the teacher starts as the online network's full width: the same seed rebuilds that start
        Map<String, HostTensor> initial = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            DspNetwork start = new DspNetwork(SETTINGS.slimmable(NET), SETTINGS.heads());
            start.initialize(m, loop().seed());
            start.namedParameters().forEach((k, p) -> initial.put(k, HostTensor.of(p.getArray())));
        }
        String convWeight = "backbone.stage2.block0.conv1.weight";
        assertTrue(maxDiff(trained.get("teacher." + convWeight), initial.get(convWeight)) > 1e-4, "the teacher moved");
        assertTrue(maxDiff(trained.get("teacher." + convWeight), trained.get("online." + convWeight)) > 1e-5,
                "the teacher lags the online network");
        assertTrue(maxDiff(trained, "teacher.projector.", trained, "online.projector.") > 1e-5, "projector averaged, not copied");
        assertFalse(trained.keySet().stream().anyMatch(k -> k.startsWith("teacher.predictor.")), "the teacher has no predictor");
        assertTrue(trained.keySet().stream().noneMatch(k -> k.startsWith("teacher.") && k.contains(".x0_5.")),
                "the teacher is the full width only");

        String log = Files.readString(dir.resolve(TrainingLoop.LOG_FILE));
        for (String term : new String[] {"\"byol.x1\"", "\"kd.x0_25\"", "\"kd.x0_5\"", "\"kd.x0_75\"", "\"randomWidth\""}) {
            assertTrue(log.contains(term), "the log has " + term);
        }

        DspNetRun dsp = DspNetRun.open(dir);
        for (double w : SETTINGS.widths()) {
            Backbone b = dsp.backbone(w);
            assertEquals(SETTINGS.slimmable(NET).specAt(w), b.spec());
            assertEquals(Double.toString(w), b.provenance().get("width"));
            try (DjlFeatureExtractor fx = new DjlFeatureExtractor(b, Device.cpu())) {
                float[][] f = fx.features(pool.head(4));
                assertEquals((int) Math.ceil(w * 32), f[0].length);
                for (float v : f[0]) {
                    assertTrue(Float.isFinite(v));
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dsp.backbone(0.3));
        assertTrue(e.getMessage().contains("width 0.3 is not one of the widths [0.25, 0.5, 0.75, 1.0]"), e.getMessage());
    }

    @Test
    void resumeAfterAStopEqualsTheUninterruptedRun(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Path killed = dir.resolve("killed");
        run(straight, loop(), false);
        TrainingSummary partial = run(killed, loop().withStopAfterStep(5), false);
        assertFalse(partial.finished());
        assertEquals(5, partial.globalStep());
        assertThrows(IllegalStateException.class, () -> run(killed, loop(), false), "refuses to overwrite without --resume");
        assertTrue(run(killed, loop(), true).finished());

        Map<String, HostTensor> a = model(straight);
        Map<String, HostTensor> b = model(killed);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(maxDiff(a, "online.", b, "online.") < 1e-5, "online network differs by " + maxDiff(a, "online.", b, "online."));
        assertTrue(maxDiff(a, "teacher.", b, "teacher.") < 1e-5, "teacher differs by " + maxDiff(a, "teacher.", b, "teacher."));
        Map<String, HostTensor> va = tensors(straight, CheckpointStore.OPTIMIZER);
        Map<String, HostTensor> vb = tensors(killed, CheckpointStore.OPTIMIZER);
        assertEquals(va.keySet(), vb.keySet());
        assertTrue(maxDiff(va, "", vb, "") < 1e-5, "momentum differs");
    }

    /**
     * A step in which width 0.5 does not run (after one in which it did, so it has momentum) leaves its BatchNorm as it
     * was: gamma and beta (no momentum step), running statistics (no forward pass); the width that ran moved.
     */
    @Test
    void aWidthThatDidNotRunKeepsItsBatchNorm(@TempDir Path dir) {
        WidthSchedule schedule = new WidthSchedule(SETTINGS.widths(), loop().seed());
        long total = 2L * (pool.size() / BATCH);
        long s = 1;
        while (s < total && !(schedule.activeAt(s - 1).contains(0.5) && !schedule.activeAt(s).contains(0.5))) {
            s++;
        }
        assertTrue(s < total, "the seed gives a step where 0.5 ran and the next where it did not");
        run(dir, loop().withStopAfterStep(s), false); // steps 0 .. s-1; width 0.5 ran in step s-1
        Map<String, HostTensor> before = model(dir);
        Map<String, HostTensor> momentum = tensors(dir, CheckpointStore.OPTIMIZER);
        run(dir, loop().withStopAfterStep(s + 1), true); // step s: 0.75 runs, 0.5 does not
        Map<String, HostTensor> after = model(dir);

        String half = "online.backbone.stage2.block0.bn1." + SlimmableSpec.label(0.5) + ".";
        String threeQuarters = "online.backbone.stage2.block0.bn1." + SlimmableSpec.label(0.75) + ".";
        assertTrue(momentum.get(half + "gamma").values().length > 0 && maxDiff(momentum.get(half + "gamma"),
                new HostTensor(momentum.get(half + "gamma").shape(), new float[momentum.get(half + "gamma").values().length])) > 0,
                "width 0.5 has momentum, so only the optimizer's inactive set keeps it still");
        for (String part : new String[] {"gamma", "beta", "runningMean", "runningVar"}) {
            assertEquals(0.0, maxDiff(before.get(half + part), after.get(half + part)), "width 0.5 " + part + " changed");
        }
        assertTrue(maxDiff(before.get(threeQuarters + "gamma"), after.get(threeQuarters + "gamma")) > 0, "width 0.75 trained");
        assertTrue(maxDiff(before.get(threeQuarters + "runningMean"), after.get(threeQuarters + "runningMean")) > 0,
                "width 0.75 ran in training mode");
        // every BatchNorm of 0.5, not only the one looked at above
        double max = maxDiff(before, "online.backbone.", after, "online.backbone.");
        assertTrue(max > 0);
        before.keySet().stream().filter(k -> k.contains("." + SlimmableSpec.label(0.5) + "."))
                .forEach(k -> assertEquals(0.0, maxDiff(before.get(k), after.get(k)), k));
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        Map<Map<String, String>, String> bad = new LinkedHashMap<>();
        bad.put(Map.of("widths", "0.25,0.5"), "'widths' must contain 1.0");
        bad.put(Map.of("widths", "0.5,0.25,1"), "'widths' must be strictly ascending");
        bad.put(Map.of("widths", "1"), "'widths' needs at least two widths");
        bad.put(Map.of("widths", "0,1"), "'widths': width 0.0 is outside (0, 1]");
        bad.put(Map.of("widths", "half,1"), "option widths = 'half,1' is not a comma-separated list of numbers");
        bad.put(Map.of("teacherMomentum", "1"), "'teacherMomentum' (the EMA teacher's m) must be in (0, 1), got 1.0");
        bad.put(Map.of("teacherMomentum", "0"), "'teacherMomentum' (the EMA teacher's m) must be in (0, 1), got 0.0");
        bad.put(Map.of("teacherMomentum", "-0.5"), "'teacherMomentum'");
        bad.put(Map.of("width", "0.5"), "method 'dspnet' has no option 'width'; available: blur, flip, grayscale, jitter, minCropScale, teacherMomentum, widths");
        for (Map.Entry<Map<String, String>, String> e : bad.entrySet()) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new DspNetMethod().settingsFor(
                    new PretrainMethod.Request(pool, NET, loop(), Path.of("unused"), false, Device.cpu(), e.getKey())), e.getKey().toString());
            assertTrue(x.getMessage().contains(e.getValue()), e.getKey() + ": " + x.getMessage());
        }
        DspNetSettings ok = new DspNetMethod().settingsFor(new PretrainMethod.Request(pool, NET, loop(), Path.of("unused"), false,
                Device.cpu(), Map.of("widths", "0.5, 1", "teacherMomentum", "0.996")));
        assertEquals(List.of(0.5, 1.0), java.util.Arrays.stream(ok.widths()).boxed().toList());
        assertEquals(0.996f, ok.teacherMomentum());
    }

    @Test
    void theSandwichRuleRunsFullSmallestAndOneMiddleWidthDrawnFromTheSeed() {
        WidthSchedule a = new WidthSchedule(new double[] {0.25, 0.5, 0.75, 1.0}, 3);
        java.util.Set<Double> drawn = new java.util.TreeSet<>();
        for (long step = 0; step < 64; step++) {
            List<Double> active = a.activeAt(step);
            assertEquals(List.of(1.0, 0.25), active.subList(0, 2));
            assertEquals(3, active.size());
            drawn.add(active.get(2));
            assertEquals(active, new WidthSchedule(new double[] {0.25, 0.5, 0.75, 1.0}, 3).activeAt(step), "a function of seed and step");
        }
        assertEquals(java.util.Set.of(0.5, 0.75), drawn);
        assertEquals(List.of(1.0, 0.5), new WidthSchedule(new double[] {0.5, 1.0}, 3).activeAt(7), "no middle width: two run");
    }
}
