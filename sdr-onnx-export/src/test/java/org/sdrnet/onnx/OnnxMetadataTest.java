package org.sdrnet.onnx;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.augment.Normalization;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.runtime.BackboneExportProvenance;
import org.sdrnet.runtime.OnnxBackboneMetadata;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.spi.BackboneExporter;
import org.sdrnet.spi.Services;
import org.tribuo.ONNXExportable;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the exporter records is what the runner reads back, through the SPI lookup users go through. */
class OnnxMetadataTest {
    @TempDir
    Path dir;

    @Test
    void metadataAndTribuoProvenanceRoundTripThroughTheServiceLoaderExporter() throws Exception {
        BackboneExporter exporter = Services.find(BackboneExporter.class, "onnx");
        assertInstanceOf(OnnxExporter.class, exporter);

        ResNetSpec spec = TestBackbones.twoBlocks();
        Backbone random = TestBackbones.randomWithBatchNorm(spec, 3);
        Backbone backbone = new Backbone(spec, random.weights(),
                Map.of("method", "sdr", "checkpoint", "/runs/sdr-1", "seed", "3", "subnet", "0-0-0-0"));
        float[] mean = {0.45f, 0.5f, 0.55f};
        float[] std = {0.2f, 0.25f, 0.3f};
        Path out = dir.resolve("sub/net.onnx");
        BackboneExporter.Report report = exporter.export(new BackboneExporter.Request(backbone, mean, std, out,
                Map.of("subnet", "1-2-3-0", "routing.report", "report.json")));
        assertEquals(out, report.file());

        try (OnnxBackboneRunner runner = OnnxBackboneRunner.open(out)) {
            OnnxBackboneMetadata m = runner.metadata();
            assertEquals(OnnxBackboneMetadata.NCHW, m.layout());
            assertEquals("input", m.inputName());
            assertEquals("embedding", m.outputName());
            assertEquals(3, m.channels());
            assertEquals(32, m.imageSize());
            assertEquals(32, m.embeddingDim());
            assertEquals(spec, m.spec());
            assertArrayEquals(mean, m.normalization().mean());
            assertArrayEquals(std, m.normalization().std());
            assertTrue(m.batchNormFolded(), "the SPI exporter folds BN by default");
            assertEquals(VisionOperator.OPSET, m.opset());
            assertEquals(report.maxAbsDifference(), m.verifiedMaxAbsDifference());
            // the request's metadata wins over the backbone's provenance on the same key
            assertEquals(Map.of("method", "sdr", "checkpoint", "/runs/sdr-1", "seed", "3", "subnet", "1-2-3-0",
                    "routing.report", "report.json"), m.source());
            assertEquals(m.toProperties().get(OnnxBackboneMetadata.SPEC_KEY), report.metadata().get(OnnxBackboneMetadata.SPEC_KEY));

            assertEquals("1-2-3-0", runner.provenance().get("subnet"));
            assertEquals("onnxruntime", runner.provenance().get("runtime"));
            assertEquals(out.toString(), runner.provenance().get("file"));
            assertEquals(32, runner.featureDim());

            ObjectProvenance p = runner.tribuoProvenance().orElseThrow();
            BackboneExportProvenance bp = assertInstanceOf(BackboneExportProvenance.class, p);
            assertEquals(OnnxExporter.class.getName(), bp.getClassName());
            assertEquals("1-2-3-0", bp.fields().get("sdr.source.subnet"));
            assertEquals(Double.toString(report.maxAbsDifference()), bp.fields().get(OnnxBackboneMetadata.MAX_ABS_DIFF_KEY));
            assertFalse(bp.fields().get("exported-at").isBlank());
            // Tribuo's own serializer reads back an equal provenance
            String serialized = report.metadata().get(ONNXExportable.PROVENANCE_METADATA_FIELD);
            assertEquals(bp, ONNXExportable.SERIALIZER.deserializeAndUnmarshal(serialized));
        }
    }

    @Test
    void metadataPropertiesParseBackToAnEqualRecord() {
        OnnxBackboneMetadata m = OnnxBackboneMetadata.of(ResNetSpec.small(), Normalization.DEFAULT, false, 13, "test",
                Map.of("method", "unified")).withVerifiedMaxAbsDifference(2.5e-7);
        assertEquals(m, OnnxBackboneMetadata.parse(m.toProperties(), "in-memory"));
    }
}
