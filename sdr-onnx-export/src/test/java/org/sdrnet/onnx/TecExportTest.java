package org.sdrnet.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.nn.Weights;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.pretrain.mae.MaeMethod;
import org.sdrnet.pretrain.mae.MaeSettings;
import org.sdrnet.pretrain.tec.TecMethod;
import org.sdrnet.pretrain.tec.TecNetwork;
import org.sdrnet.pretrain.tec.TecSettings;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;
import org.sdrnet.runtime.OnnxVitReader;
import org.sdrnet.spi.BackboneExporter;
import org.sdrnet.spi.LoopSettings;
import org.sdrnet.spi.PretrainMethod;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TEC and ONNX, both ways: an exported MAE ViT read back from its initializers computes the features of the original and
 * serves as a TEC base; the TEC student exports as a plain ViT whose ONNX Runtime features equal DJL's on real images and
 * whose CLS token is the input adapter's output; an exported ResNet, or a ViT exported for other input normalisation, is
 * refused as a base.
 * <p>
 * Tolerances: reading back reorders nothing (the export stores CLS + its position as one float sum, the reader gives it a
 * zero position, and {@code x + 0} is exact; transposes are exact), so the read-back features equal the original's up to
 * the engine's run-to-run rounding: 1e-6. DJL vs ONNX Runtime: the project's 1e-4 (see {@link VitParityTest}).
 */
class TecExportTest {
    private static final VitSpec NET = VitSpec.test();
    private static final Map<String, String> SMALL = Map.of(TecSettings.ADAPTER_GROUP, "1", MaeSettings.DECODER_DIM, "32",
            MaeSettings.DECODER_HEADS, "2", TecSettings.TOP_K, "3");
    @TempDir
    static Path dir;
    private static ImageSet pool;
    private static Path maeRun;
    private static Path maeOnnx;

    private static LoopSettings loop() {
        return LoopSettings.defaults().withEpochs(2).withBatchSize(50).withWarmupEpochs(0).withProgress(false).withSeed(5)
                .withLogEvery(1).withCheckpointEvery(1000).withBaseLr(1.5e-3f);
    }

    @BeforeAll
    static void trainAndExportAnMaeBase() {
        pool = DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.TINY, 2);
        maeRun = dir.resolve("mae");
        new MaeMethod(MaeSettings.defaults().with(MaeSettings.DECODER_DIM, "32").with(MaeSettings.DECODER_HEADS, "2"))
                .pretrain(new PretrainMethod.Request(pool, NET, loop(), maeRun, false, Device.cpu()));
        maeOnnx = dir.resolve("mae.onnx");
        OnnxExport.export(CheckpointStore.backbone(maeRun.resolve(TrainingLoop.CHECKPOINT_DIR)), Normalization.DEFAULT, maeOnnx,
                OnnxExportOptions.DEFAULT);
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void anExportedVitReadBackComputesTheOriginalsFeatures() {
        Backbone original = CheckpointStore.backbone(maeRun.resolve(TrainingLoop.CHECKPOINT_DIR));
        Backbone read = OnnxVitReader.read(maeOnnx);
        assertEquals(NET, read.spec());
        assertEquals(original.weights().keySet(), read.weights().keySet(), "every ViT weight, named as the DJL block names them");
        assertEquals("mae", read.provenance().get("method"));
        ImageSet images = pool.head(20);
        float[][] a;
        float[][] b;
        try (DjlFeatureExtractor x = new DjlFeatureExtractor(original, Device.cpu())) {
            a = x.features(images);
        }
        try (DjlFeatureExtractor x = new DjlFeatureExtractor(read, Device.cpu())) {
            b = x.features(images);
        }
        double max = maxDiff(a, b);
        System.out.printf(Locale.ROOT, "ONNX ViT read back: max |original - read back| = %.3g%n", max);
        assertTrue(max <= 1e-6, "read-back features differ by " + max);
    }

    @Test
    void aStudentTaughtByAnOnnxBaseExportsAsAPlainVitWithItsAdapterFoldedIntoCls() throws Exception {
        Path run = dir.resolve("tec");
        Map<String, String> options = new LinkedHashMap<>(SMALL);
        options.put(TecSettings.BASE, maeOnnx.toString());
        assertTrue(new TecMethod().pretrain(new PretrainMethod.Request(pool, NET, loop(), run, false, Device.cpu(), options)).finished());

        Backbone student = CheckpointStore.backbone(run.resolve(TrainingLoop.CHECKPOINT_DIR));
        assertEquals("tec", student.provenance().get("method"));
        Path out = dir.resolve("tec.onnx");
        BackboneExporter.Report report = OnnxExport.export(student, Normalization.DEFAULT, out, OnnxExportOptions.DEFAULT);
        assertTrue(report.maxAbsDifference() <= 1e-4, "export verification " + report.maxAbsDifference());
        ImageSet images = pool.head(30);
        float[][] djl;
        float[][] ort;
        try (DjlFeatureExtractor x = new DjlFeatureExtractor(student, Device.cpu())) {
            djl = x.features(images);
        }
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(out, OnnxRunnerSettings.DEFAULT.withBatchSize(10).withThreads(1, 1))) {
            ort = runner.features(images);
        }
        double max = maxDiff(djl, ort);
        System.out.printf(Locale.ROOT, "TEC student: max |DJL - ONNX Runtime| = %.3g on real images%n", max);
        assertTrue(max <= 1e-4, "max |DJL - ORT| = " + max);

        // the exported CLS token (stored with its position embedding added) is the input adapter's output + that position
        Map<String, HostTensor> all = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            CheckpointStore.tensors(run.resolve(TrainingLoop.CHECKPOINT_DIR), CheckpointStore.MODEL, m)
                    .forEach((k, v) -> all.put(k, HostTensor.of(v)));
            TecSettings s = TecSettings.defaults();
            for (Map.Entry<String, String> e : SMALL.entrySet()) {
                s = s.with(e.getKey(), e.getValue());
            }
            TecNetwork net = new TecNetwork(NET, s);
            net.initialize(m, 1);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            all.forEach((k, v) -> arrays.put(k, v.toNDArray(m)));
            Weights.load(net.namedParameters(), arrays, "test");
            float[] adapter = net.adapterCls(m);
            float[] exportedCls = OnnxVitReader.read(out).weights().get(VitBackbone.CLS).values();
            float[] pos = student.weights().get(VitBackbone.POS).values();
            double diff = 0;
            for (int i = 0; i < adapter.length; i++) {
                diff = Math.max(diff, Math.abs(adapter[i] + pos[i] - exportedCls[i]));
            }
            // one float32 addition apart at most (the export adds in float, as here)
            assertTrue(diff <= 1e-6, "exported CLS differs from the adapter's output by " + diff);
        }
    }

    @Test
    void anExportedResNetIsRefusedAsABase() {
        Path resnet = dir.resolve("resnet.onnx");
        OnnxExport.export(TestBackbones.randomWithBatchNorm(TestBackbones.twoBlocks(), 3), Normalization.DEFAULT, resnet,
                OnnxExportOptions.DEFAULT);
        Map<String, String> options = new LinkedHashMap<>(SMALL);
        options.put(TecSettings.BASE, resnet.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TecMethod().pretrain(
                new PretrainMethod.Request(pool, NET, loop(), dir.resolve("refused"), false, Device.cpu(), options)));
        assertTrue(e.getMessage().contains("not a Vision Transformer") && e.getMessage().contains(resnet.toString()), e.getMessage());
    }

    @Test
    void anExportedVitMadeForOtherInputsIsRefusedAsABase() {
        Path other = dir.resolve("other-inputs.onnx");
        OnnxExport.export(CheckpointStore.backbone(maeRun.resolve(TrainingLoop.CHECKPOINT_DIR)),
                Normalization.of(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f}), other, OnnxExportOptions.DEFAULT);
        Map<String, String> options = new LinkedHashMap<>(SMALL);
        options.put(TecSettings.BASE, other.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TecMethod().pretrain(
                new PretrainMethod.Request(pool, NET, loop(), dir.resolve("refused-inputs"), false, Device.cpu(), options)));
        assertTrue(e.getMessage().contains("expects inputs normalised with") && e.getMessage().contains(other.toString()),
                e.getMessage());
    }
}
