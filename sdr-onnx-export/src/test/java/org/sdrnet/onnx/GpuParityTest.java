package org.sdrnet.onnx;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a GPU, features are the CPU's: DJL's forward pass on the GPU, and ONNX Runtime's CUDA provider on the exported
 * file. Tagged {@code gpu}: runs with {@code mvn -B verify -Pgpu} (ONNX Runtime's GPU build; add {@code -Pcuda} for
 * DJL's CUDA libtorch) and skips itself where there is no GPU.
 */
@Tag("gpu")
class GpuParityTest {
    private static final Normalization NORM = Normalization.of(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});
    /** GPU kernels (cuDNN, TF32 off by default in both) reorder sums: looser than the CPU parity's 1e-4. */
    private static final double TOLERANCE = 1e-3;

    @TempDir
    Path dir;

    @Test
    void djlFeaturesOnTheGpuEqualTheCpus() {
        assumeTrue(Engine.getInstance().getGpuCount() > 0, "DJL's engine reports no GPU (CPU libtorch or no device)");
        Backbone backbone = TestBackbones.randomWithBatchNorm(ResNetSpec.tiny(), 21);
        ImageSet images = TestBackbones.randomImages(19, 32, 4);
        float[][] cpu;
        float[][] gpu;
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, Device.cpu(), NORM, 8)) {
            cpu = fx.features(images);
        }
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, Device.gpu(), NORM, 8)) {
            gpu = fx.features(images);
        }
        assertClose(cpu, gpu, "DJL gpu(0) vs cpu");
    }

    @Test
    void onnxRuntimeRunsTheExportOnCudaWithTheCpusFeatures() throws Exception {
        assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "ONNX Runtime's CPU build (the GPU build comes with -Pgpu)");
        Backbone backbone = TestBackbones.randomWithBatchNorm(ResNetSpec.tiny(), 22);
        Path file = dir.resolve("tiny.onnx");
        OnnxExport.export(backbone, NORM, file, OnnxExportOptions.DEFAULT);
        ImageSet images = TestBackbones.randomImages(19, 32, 5);
        float[][] cpu;
        float[][] gpu;
        try (OnnxBackboneRunner r = OnnxBackboneRunner.open(file, OnnxRunnerSettings.DEFAULT)) {
            cpu = r.features(images);
        }
        try (OnnxBackboneRunner r = OnnxBackboneRunner.open(file, OnnxRunnerSettings.DEFAULT.withCuda(0))) {
            assumeTrue(r.executionProvider().equals("CUDA:0"), "CUDA provider present but unusable here (no GPU, CUDA or cuDNN)");
            gpu = r.features(images);
        }
        assertClose(cpu, gpu, "ONNX Runtime CUDA:0 vs CPU");
    }

    private static void assertClose(float[][] a, float[][] b, String what) {
        assertEquals(a.length, b.length);
        double max = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        assertTrue(scale > 1e-2, what + ": features are not trivially zero");
        assertTrue(max <= TOLERANCE * Math.max(1, scale), what + ": max difference " + max);
    }
}
