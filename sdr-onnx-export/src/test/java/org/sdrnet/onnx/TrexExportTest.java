package org.sdrnet.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.cli.SdrCli;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.runtime.OnnxBackboneRunner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sdr pretrain --method trex} for a few steps on the labelled catalog pool L1 (real glyph renders), then
 * {@code sdr export}: the exported file is the backbone alone (projector, EMA copy and memory bank are dropped), and
 * ONNX Runtime reproduces the trained backbone under DJL (BatchNorm in inference mode) on real images, ≤ 1e-4. A micro
 * backbone (8-16-16-32) keeps it fast.
 */
class TrexExportTest {
    @TempDir
    static Path shared;
    static Path run;

    @BeforeAll
    static void pretrainFromTheCommandLine() {
        run = shared.resolve("trex-run");
        int code = SdrCli.run("pretrain", "--method", "trex", "--pool", "L1", "--preset", "tiny", "--widths", "8,16,16,32",
                "--epochs", "1", "--batch", "50", "--warmup", "0", "--seed", "6", "--no-progress", "--out", run.toString(),
                "-o", "projectorDepth=2", "-o", "projectorHidden=24", "-o", "projectionDim=12", "-o", "localCrops=2");
        assertEquals(0, code, "sdr pretrain --method trex");
    }

    @Test
    void theExportIsTheBackboneAloneAndMatchesDjlUnderOnnxRuntime(@TempDir Path dir) {
        Path checkpoint = run.resolve(TrainingLoop.CHECKPOINT_DIR);
        Set<String> saved = new TreeSet<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            saved.addAll(CheckpointStore.tensors(checkpoint, CheckpointStore.MODEL, m).keySet());
        }
        for (String head : new String[] {"projector.", "ema.backbone.", "ema.projector.", "memory."}) {
            assertTrue(saved.stream().anyMatch(k -> k.startsWith(head)), "the checkpoint holds " + head + "*: " + saved);
        }

        Backbone backbone = CheckpointStore.backbone(checkpoint);
        assertEquals(new TreeSet<>(backbone.spec().newBlock().namedParameters().keySet()),
                new TreeSet<>(backbone.weights().keySet()), "exactly the backbone's parameters, nothing of the heads");
        assertEquals("trex", backbone.provenance().get("method"));

        Path file = dir.resolve("trex.onnx");
        assertEquals(0, SdrCli.run("export", "--checkpoint", run.toString(), "--out", file.toString()), "sdr export");

        ImageSet images = DataCatalog.defaults().task("D3", Preset.TINY, 1).splits().get(0).test().head(40);
        float[][] djl;
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(backbone, Device.cpu())) {
            djl = fx.features(images);
        }
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(file)) {
            assertEquals(32, runner.featureDim(), "the backbone's feature, not the 12-wide projection");
            Map<String, String> source = runner.metadata().source();
            assertEquals("trex", source.get("method"), source.toString());
            float[][] ort = runner.features(images);
            assertEquals(djl.length, ort.length);
            double max = 0;
            double scale = 0;
            for (int i = 0; i < djl.length; i++) {
                for (int j = 0; j < djl[i].length; j++) {
                    max = Math.max(max, Math.abs(ort[i][j] - djl[i][j]));
                    scale = Math.max(scale, Math.abs(djl[i][j]));
                }
            }
            assertTrue(scale > 1e-3, "features are not all zero: " + scale);
            assertTrue(max <= 1e-4, "max |DJL - ORT| = " + max);
        }
    }
}
