package org.sdrnet.onnx;

import ai.djl.Device;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;
import org.sdrnet.spi.BackboneExporter;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exported file, run by ONNX Runtime from disk, reproduces DJL for every spec kind, BN folded or not. */
class OnnxParityTest {
    /** Not the default, so a runner that ignored the file's mean/std would fail. */
    private static final Normalization NORM = Normalization.of(new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f});

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, BN folded = {1}")
    @CsvSource({"tiny, true", "tiny, false", "small, true", "small, false", "two-blocks, true", "two-blocks, false"})
    void onnxRuntimeFeaturesEqualDjlFeatures(String specName, boolean fold) throws Exception {
        Backbone backbone = TestBackbones.randomWithBatchNorm(TestBackbones.spec(specName), 11);
        Path out = dir.resolve(specName + "-" + fold + ".onnx");
        BackboneExporter.Report report = OnnxExport.export(backbone, NORM, out, OnnxExportOptions.DEFAULT.withFoldBatchNorm(fold));

        assertTrue(Files.isRegularFile(out));
        assertEquals(Files.size(out), report.bytes());
        assertTrue(report.maxAbsDifference() <= 1e-4, "verification difference " + report.maxAbsDifference());

        // Independent of the exporter's own check: real images through both full pipelines, batches not aligned.
        ImageSet images = TestBackbones.randomImages(37, 32, 5);
        float[][] djl;
        try (DjlFeatureExtractor extractor = new DjlFeatureExtractor(backbone, Device.cpu(), NORM, 16)) {
            djl = extractor.features(images);
        }
        float[][] ort;
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(out, OnnxRunnerSettings.DEFAULT.withBatchSize(10).withThreads(1, 1))) {
            ort = runner.features(images);
        }
        assertEquals(images.size(), ort.length);
        double max = 0;
        double scale = 0;
        for (int i = 0; i < djl.length; i++) {
            assertEquals(backbone.spec().featureDim(), ort[i].length);
            for (int j = 0; j < djl[i].length; j++) {
                max = Math.max(max, Math.abs(djl[i][j] - ort[i][j]));
                scale = Math.max(scale, Math.abs(djl[i][j]));
            }
        }
        assertTrue(max <= 1e-4, specName + " fold=" + fold + ": max |DJL - ORT| = " + max);
        assertTrue(scale > 1e-2, "features are not trivially zero (max |feature| = " + scale + ")");
    }
}
