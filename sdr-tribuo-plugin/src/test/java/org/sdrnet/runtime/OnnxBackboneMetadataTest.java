package org.sdrnet.runtime;

import org.junit.jupiter.api.Test;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.ResNetSpec;
import org.tribuo.ONNXExportable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metadata contract alone, without ONNX Runtime: what parses, and what is refused with which reason. */
class OnnxBackboneMetadataTest {
    private static Map<String, String> valid() {
        return new LinkedHashMap<>(OnnxBackboneMetadata.of(ResNetSpec.tiny(), Normalization.of(new float[] {0.1f, 0.2f, 0.3f},
                new float[] {0.4f, 0.5f, 0.6f}), true, 13, "dev", Map.of("subnet", "0-1-2-3")).toProperties());
    }

    private static String refusal(Map<String, String> props) {
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> OnnxBackboneMetadata.parse(props, "model.onnx"));
        assertTrue(e.getMessage().startsWith("model.onnx: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void validPropertiesRoundTrip() {
        OnnxBackboneMetadata m = OnnxBackboneMetadata.parse(valid(), "model.onnx");
        assertEquals(ResNetSpec.tiny(), m.spec());
        assertEquals(Map.of("subnet", "0-1-2-3"), m.source());
        assertEquals(3 * 32 * 32, m.inputSize());
        assertTrue(Double.isNaN(m.verifiedMaxAbsDifference()));
        assertEquals(m.toProperties(), valid());
    }

    @Test
    void refusesFilesThatAreNotOursOrNewerOrInconsistent() {
        Map<String, String> p = valid();
        p.remove(OnnxBackboneMetadata.FORMAT_KEY);
        assertTrue(refusal(p).contains("not an SDR backbone export"));

        p = valid();
        p.put(OnnxBackboneMetadata.FORMAT_VERSION_KEY, "2");
        assertTrue(refusal(p).contains("newer"));

        p = valid();
        p.put(OnnxBackboneMetadata.LAYOUT_KEY, "NHWC");
        assertTrue(refusal(p).contains("'NHWC' is not supported"));

        p = valid();
        p.put(OnnxBackboneMetadata.IMAGE_SIZE_KEY, "abc");
        assertTrue(refusal(p).contains("'sdr.image_size' must be a positive integer, got 'abc'"));

        p = valid();
        p.put(OnnxBackboneMetadata.EMBEDDING_DIM_KEY, "64");
        assertTrue(refusal(p).contains("disagrees with its spec"));

        p = valid();
        p.put(OnnxBackboneMetadata.STD_KEY, "0.5,0,0.5");
        assertTrue(refusal(p).contains("normalisation"));

        p = valid();
        p.put(OnnxBackboneMetadata.SPEC_KEY, "{\"name\":\"x\"}");
        assertTrue(refusal(p).contains("not a valid backbone spec"));

        p = valid();
        p.remove(OnnxBackboneMetadata.OUTPUT_KEY);
        assertTrue(refusal(p).contains("'sdr.output' is missing"));
    }

    @Test
    void everyPreprocessingStepIsRecordedAndFilesOfEarlierBuildsStayReadable() {
        Map<String, String> p = valid();
        for (PreprocessingStep step : PreprocessingStep.values()) {
            assertEquals(step.value(), p.get(step.key()), step.key());
        }
        assertEquals("1", p.get(PreprocessingStep.VERSION_KEY));
        assertTrue(OnnxBackboneMetadata.parse(p, "model.onnx").preprocessingRecorded());

        // an export of an earlier build has no sdr.preprocess.* key: read as the steps it was made for (version 1)
        p.keySet().removeIf(k -> k.startsWith(PreprocessingStep.PREFIX));
        OnnxBackboneMetadata old = OnnxBackboneMetadata.parse(p, "old.onnx");
        assertFalse(old.preprocessingRecorded());
        assertEquals(PreprocessingStep.properties(), old.preprocessing());
        assertEquals(p, old.toProperties(), "re-writing an old file's metadata adds nothing it did not say");
    }

    /** docs/onnx.md is what another tool's author reads: its table must name every step with this library's value. */
    @Test
    void theDocsListEveryStepWithItsValue() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "onnx.md"));
        for (Map.Entry<String, String> step : PreprocessingStep.properties().entrySet()) {
            assertTrue(docs.contains("| `" + step.getKey() + "` | `" + step.getValue() + "` |"),
                    "docs/onnx.md lists " + step.getKey() + " = " + step.getValue());
        }
    }

    @Test
    void aPreprocessingThisLibraryDoesNotDoIsRefused() {
        Map<String, String> p = valid();
        p.put(PreprocessingStep.RESIZE.key(), "lanczos3");
        assertTrue(refusal(p).contains("'sdr.preprocess.resize' is 'lanczos3'"));

        p = valid();
        p.remove(PreprocessingStep.PAD_VALUE.key());
        assertTrue(refusal(p).contains("'sdr.preprocess.pad_value' is missing"));

        p = valid();
        p.put(PreprocessingStep.VERSION_KEY, "2");
        assertTrue(refusal(p).contains("preprocessing version 2 is newer"));

        p = valid();
        p.remove(PreprocessingStep.VERSION_KEY);
        assertTrue(refusal(p).contains("'sdr.preprocess.version' must be a positive integer"));
    }

    @Test
    void provenanceRoundTripsThroughTribuosSerializer() throws Exception {
        BackboneExportProvenance p = new BackboneExportProvenance("org.example.Exporter", Map.of("b", "2", "a", "1"));
        String s = ONNXExportable.SERIALIZER.marshalAndSerialize(p);
        assertEquals(p, ONNXExportable.SERIALIZER.deserializeAndUnmarshal(s));
        assertThrows(IllegalArgumentException.class, () -> new BackboneExportProvenance("x", Map.of("class-name", "y")));
    }

    @Test
    void graphChecksumReadsTheGraphFieldOfAModel() {
        // ModelProto { ir_version (1) = 8; graph (7) = bytes "abc" }
        byte[] model = {0x08, 0x08, 0x3A, 0x03, 'a', 'b', 'c'};
        assertEquals(GraphChecksum.sha256(new byte[] {'a', 'b', 'c'}), GraphChecksum.ofModel(model, "m"));
        OnnxModelException e = assertThrows(OnnxModelException.class, () -> GraphChecksum.ofModel(new byte[] {0x08, 0x08}, "m"));
        assertTrue(e.getMessage().contains("no graph"), e.getMessage());
    }
}
