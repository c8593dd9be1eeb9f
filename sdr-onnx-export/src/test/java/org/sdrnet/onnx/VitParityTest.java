package org.sdrnet.onnx;

import ai.djl.Device;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.nn.VitSpec;
import org.sdrnet.runtime.OnnxBackboneMetadata;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;
import org.sdrnet.spi.BackboneExporter;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exported Vision Transformer, run by ONNX Runtime from disk, reproduces DJL on real catalog images, for the test preset
 * and for vit-tiny, with either feature pooling.
 * <p>
 * Tolerance 1e-4 (the project's): both sides compute in float32 with different kernels (fused or not, other summation
 * orders); each rounding is ~6e-8 relative, summed over dot products of ≤ 768 terms and 6 blocks on LayerNorm-normalised
 * values of order 1, which stays near 1e-5 whatever the CPU's vector width. A wrong operator, axis or weight layout
 * moves the features by O(0.1).
 */
class VitParityTest {
    private static final Normalization NORM = Normalization.of(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f});
    private static ImageSet images;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadImages() {
        images = DataCatalog.defaults().mixedPool(List.of("P1", "P2"), Preset.TINY, 2).head(37);
    }

    @ParameterizedTest(name = "{0}, pooling {1}")
    @CsvSource({"vit-test, cls", "vit-test, mean", "vit-tiny, cls", "vit-tiny, mean"})
    void onnxRuntimeFeaturesEqualDjlFeaturesOnRealImages(String preset, String pooling) throws Exception {
        VitSpec spec = VitSpec.preset(preset).withPooling(VitSpec.Pooling.parse(pooling));
        Backbone backbone = TestBackbones.randomVit(spec, 17);
        Path out = dir.resolve(spec.name() + ".onnx");
        BackboneExporter.Report report = OnnxExport.export(backbone, NORM, out, OnnxExportOptions.DEFAULT);
        assertTrue(report.maxAbsDifference() <= 1e-4, "verification difference " + report.maxAbsDifference());

        float[][] djl;
        try (DjlFeatureExtractor extractor = new DjlFeatureExtractor(backbone, Device.cpu(), NORM, 16)) {
            djl = extractor.features(images);
        }
        float[][] ort;
        OnnxBackboneMetadata meta;
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(out, OnnxRunnerSettings.DEFAULT.withBatchSize(10).withThreads(1, 1))) {
            ort = runner.features(images);
            meta = runner.metadata();
        }
        assertEquals(spec, meta.spec());
        assertEquals(spec.dim(), meta.embeddingDim());
        double max = 0;
        double scale = 0;
        for (int i = 0; i < djl.length; i++) {
            assertEquals(spec.dim(), ort[i].length);
            for (int j = 0; j < djl[i].length; j++) {
                max = Math.max(max, Math.abs(djl[i][j] - ort[i][j]));
                scale = Math.max(scale, Math.abs(djl[i][j]));
            }
        }
        System.out.printf(Locale.ROOT, "%s: export check %.3g, real images max |DJL - ORT| = %.3g (max |feature| %.3g)%n",
                spec.name(), report.maxAbsDifference(), max, scale);
        assertTrue(max <= 1e-4, spec.name() + ": max |DJL - ORT| = " + max);
        assertTrue(scale > 1e-1, "features are not trivially small (max |feature| = " + scale + ")");
    }

    @Test
    void tribuoExtractorAndEmbedCommandTakeAVitUnchanged() throws Exception {
        Backbone backbone = TestBackbones.randomVit(VitSpec.test(), 23);
        Path onnx = dir.resolve("vit.onnx");
        OnnxExport.export(backbone, Normalization.DEFAULT, onnx, OnnxExportOptions.DEFAULT);
        Path saved = dir.resolve("vit-backbone");
        org.sdrnet.checkpoint.BackboneFiles.write(saved, backbone);
        float[][] djl;
        try (DjlFeatureExtractor extractor = new DjlFeatureExtractor(backbone, Device.cpu())) {
            djl = extractor.features(images);
        }
        for (String[] typeAndPath : new String[][] {{"onnx", onnx.toString()}, {"djl-tensors", saved.toString()}}) {
            try (org.sdrnet.tribuo.SdrFeatureExtractor fx = new org.sdrnet.tribuo.SdrFeatureExtractor(typeAndPath[0],
                    Path.of(typeAndPath[1]), "", "cpu", 8)) {
                assertEquals(32, fx.featureDim());
                float[][] f = fx.features(images);
                for (int i = 0; i < djl.length; i++) {
                    for (int j = 0; j < 32; j++) {
                        assertEquals(djl[i][j], f[i][j], 1e-4, typeAndPath[0] + " image " + i + " feature " + j);
                    }
                }
            }
        }
        Path imageDir = OnnxInputContractTest.realImagesOfEveryKind(dir.resolve("images"));
        Path npy = dir.resolve("emb.npy");
        assertEquals(0, org.sdrnet.cli.SdrCli.run("embed", "--backbone", onnx.toString(), "--out", npy.toString(), imageDir.toString()));
        assertEquals(32, org.sdrnet.data.catalog.NpyReader.read(npy).shape()[1]);
    }

    @Test
    void aWrongWeightInTheGraphIsRefused() {
        Backbone backbone = TestBackbones.randomVit(VitSpec.test(), 3);
        Path out = dir.resolve("bad.onnx");
        ExportVerificationException e = org.junit.jupiter.api.Assertions.assertThrows(ExportVerificationException.class,
                () -> OnnxExport.export(backbone, NORM, out, OnnxExportOptions.DEFAULT, java.util.Map.of(),
                        b -> TestBackbones.tampered(b, "block1.attn.qkv.weight", 0.5f)));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertTrue(!java.nio.file.Files.exists(out));
    }
}
