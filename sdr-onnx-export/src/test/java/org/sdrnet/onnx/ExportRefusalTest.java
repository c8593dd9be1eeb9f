package org.sdrnet.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.HostTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An export that does not reproduce DJL, or whose weights do not fit the spec, never reaches the disk. */
class ExportRefusalTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aTamperedGraphWeightIsRefusedAndLeavesNoFile() throws IOException {
        Backbone backbone = Backbone.randomInit(ResNetSpec.tiny(), 4);
        Path out = dir.resolve("tampered.onnx");
        for (boolean fold : new boolean[] {true, false}) {
            ExportVerificationException e = assertThrows(ExportVerificationException.class, () -> OnnxExport.export(backbone,
                    Normalization.DEFAULT, out, OnnxExportOptions.DEFAULT.withFoldBatchNorm(fold), Map.of(),
                    b -> TestBackbones.tampered(b, "stem.conv.weight", 0.5f)));
            assertTrue(e.getMessage().contains("refusing to write " + out) && e.getMessage().contains("nothing was written"),
                    e.getMessage());
            assertEquals(List.of(), files(), "no file and no temporary file left");
        }
    }

    @Test
    void aRefusedExportKeepsThePreviousFileUntouched() throws IOException {
        Backbone backbone = Backbone.randomInit(ResNetSpec.tiny(), 4);
        Path out = dir.resolve("kept.onnx");
        OnnxExport.export(backbone, Normalization.DEFAULT, out, OnnxExportOptions.DEFAULT);
        byte[] before = Files.readAllBytes(out);
        assertThrows(ExportVerificationException.class, () -> OnnxExport.export(backbone, Normalization.DEFAULT, out,
                OnnxExportOptions.DEFAULT, Map.of(), b -> TestBackbones.tampered(b, "stem.bn.beta", 0.3f)));
        assertArrayEquals(before, Files.readAllBytes(out));
        assertEquals(List.of(out), files());
    }

    @Test
    void weightsThatDoNotFitTheSpecAreRejectedByName() throws IOException {
        Backbone backbone = Backbone.randomInit(ResNetSpec.tiny(), 4);
        Map<String, HostTensor> missing = new LinkedHashMap<>(backbone.weights());
        missing.remove("stage2.block0.down.bn.runningVar");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.export(
                new Backbone(backbone.spec(), missing, backbone.provenance()), Normalization.DEFAULT, dir.resolve("a.onnx"),
                OnnxExportOptions.DEFAULT));
        assertTrue(e.getMessage().contains("'stage2.block0.down.bn.runningVar' is missing"), e.getMessage());

        Map<String, HostTensor> extra = new LinkedHashMap<>(backbone.weights());
        extra.put("head.weight", new HostTensor(new long[] {2}, new float[2]));
        e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.export(
                new Backbone(backbone.spec(), extra, backbone.provenance()), Normalization.DEFAULT, dir.resolve("b.onnx"),
                OnnxExportOptions.DEFAULT));
        assertTrue(e.getMessage().contains("not part of the spec: [head.weight]"), e.getMessage());
        assertFalse(files().iterator().hasNext());
    }
}
