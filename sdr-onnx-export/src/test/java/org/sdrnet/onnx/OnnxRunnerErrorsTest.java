package org.sdrnet.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.runtime.OnnxBackboneMetadata;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxModelException;
import org.sdrnet.runtime.OnnxRunnerSettings;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Every unusable file or input gets an error that names the file and says what is wrong. */
class OnnxRunnerErrorsTest {
    @TempDir
    static Path dir;
    static Path tiny;
    static Path small;

    @BeforeAll
    static void export() {
        tiny = dir.resolve("tiny.onnx");
        small = dir.resolve("small.onnx");
        OnnxExport.export(Backbone.randomInit(ResNetSpec.tiny(), 1), Normalization.DEFAULT, tiny, OnnxExportOptions.DEFAULT);
        OnnxExport.export(Backbone.randomInit(ResNetSpec.small(), 1), Normalization.DEFAULT, small, OnnxExportOptions.DEFAULT);
    }

    private static OnnxModelException openFails(Path file) {
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxBackboneRunner.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), "message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        assertTrue(openFails(dir.resolve("absent.onnx")).getMessage().contains("no such file"));
        Path empty = Files.createFile(dir.resolve("empty.onnx"));
        assertTrue(openFails(empty).getMessage().contains("empty"));
    }

    @Test
    void corruptedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(tiny);
        // overwrite the protobuf framing at the start: the file is no longer a model
        Arrays.fill(bytes, 0, 64, (byte) 0xFF);
        Path bad = Files.write(dir.resolve("corrupted.onnx"), bytes);
        assertTrue(openFails(bad).getMessage().contains("cannot load the model"), "reason given");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(tiny);
        Path cut = Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(openFails(cut).getMessage().contains("cannot load the model"), "reason given");
    }

    @Test
    void damageInsideTheWeightsIsCaughtByTheGraphChecksum() throws IOException {
        byte[] bytes = Files.readAllBytes(tiny);
        // still valid protobuf (the bytes lie inside raw weight data), so ONNX Runtime alone would load it
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] ^= 0x5A;
        }
        Path bad = Files.write(dir.resolve("damaged-weights.onnx"), bytes);
        assertTrue(openFails(bad).getMessage().contains("does not match the checksum recorded at export"));
    }

    @Test
    void onnxFileWithoutSdrMetadata() throws IOException {
        ONNXContext ctx = new ONNXContext();
        ONNXPlaceholder in = ctx.floatInput("input", 4);
        ONNXPlaceholder out = ctx.floatOutput("embedding", 4);
        ctx.assignTo(ctx.operation(VisionOperator.RELU, List.of(in), "relu", Map.of()), out);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).addOpsetImport(VisionOperator.RELU.opsetProto())
                .setGraph(ctx.buildGraph()).build();
        Path foreign = Files.write(dir.resolve("foreign.onnx"), model.toByteArray());
        assertTrue(openFails(foreign).getMessage().contains("not an SDR backbone export"));
    }

    @Test
    void graphThatDisagreesWithItsMetadata() throws IOException {
        // the tiny graph (128-wide output) carrying the small export's metadata (256), with a checksum that fits the
        // graph: only the graph contract can catch this one
        OnnxMl.ModelProto tinyModel = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(tiny));
        Map<String, String> smallProps = new java.util.LinkedHashMap<>();
        OnnxMl.ModelProto.parseFrom(Files.readAllBytes(small)).getMetadataPropsList()
                .forEach(e -> smallProps.put(e.getKey(), e.getValue()));
        OnnxMl.ModelProto mixed = OnnxBackboneWriter.withMetadata(tinyModel, smallProps);
        Path file = Files.write(dir.resolve("mixed.onnx"), mixed.toByteArray());
        assertTrue(openFails(file).getMessage().contains("does not match the metadata embedding width 256"));
    }

    @Test
    void metadataWithAWrongChannelCount() throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(tiny));
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        for (int i = 0; i < b.getMetadataPropsCount(); i++) {
            if (b.getMetadataProps(i).getKey().equals(OnnxBackboneMetadata.CHANNELS_KEY)) {
                b.setMetadataProps(i, b.getMetadataProps(i).toBuilder().setValue("1"));
            }
        }
        Path file = Files.write(dir.resolve("channels.onnx"), b.build().toByteArray());
        String message = openFails(file).getMessage();
        assertTrue(message.contains(OnnxBackboneMetadata.MEAN_KEY) && message.contains("one per channel"), message);
    }

    @Test
    void inputsOfTheWrongShapeOrSize() {
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(tiny)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> runner.features(new float[2 * 32 * 32], new long[] {2, 1, 32, 32}));
            assertTrue(e.getMessage().contains(tiny.toString()) && e.getMessage().contains("[n, 3, 32, 32]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> runner.features(new float[10], new long[] {1, 3, 32, 32}));
            assertTrue(e.getMessage().contains("do not fill shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> runner.features(TestBackbones.randomImages(2, 28, 1)));
            assertTrue(e.getMessage().contains("28 px") && e.getMessage().contains(tiny.toString()), e.getMessage());
        }
    }

    @Test
    void cudaRequestOnTheCpuBuildFallsBackToCpuAndClosedRunnersRefuseWork() throws Exception {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "ONNX Runtime's GPU build (-Pgpu) has the CUDA provider: GpuParityTest covers it");
        OnnxBackboneRunner runner = OnnxBackboneRunner.open(tiny, OnnxRunnerSettings.DEFAULT.withCuda(0));
        assertEquals("CPU", runner.executionProvider());
        assertEquals(3, runner.features(TestBackbones.randomImages(3, 32, 2)).length);
        runner.close();
        runner.close();
        assertThrows(IllegalStateException.class, () -> runner.features(TestBackbones.randomImages(1, 32, 2)));
    }
}
