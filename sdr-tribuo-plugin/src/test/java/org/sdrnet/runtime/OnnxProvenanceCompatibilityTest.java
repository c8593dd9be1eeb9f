package org.sdrnet.runtime;

import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.junit.jupiter.api.Test;
import org.tribuo.ONNXExportable;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX files exported before BackboneExportProvenance moved from {@code tribuo} to {@code runtime} still open. */
class OnnxProvenanceCompatibilityTest {

    @Test
    void provenanceWrittenUnderTheOldClassNameIsReadAsTheMovedClass() {
        BackboneExportProvenance written = new BackboneExportProvenance("org.sdrnet.onnx.OnnxExporter",
                Map.of("method", "unified", "checkpoint", "runs/u"));
        String serialized = ONNXExportable.SERIALIZER.marshalAndSerialize(written);
        String old = serialized.replace(BackboneExportProvenance.class.getName(), "org.sdrnet.tribuo.BackboneExportProvenance");
        assertTrue(old.contains("\"org.sdrnet.tribuo.BackboneExportProvenance\""), "the test must hold the old name: " + old);

        ObjectProvenance read = OnnxBackboneRunner.readProvenance(old, "old.onnx");
        assertInstanceOf(BackboneExportProvenance.class, read);
        assertEquals(written, read);
        assertEquals(written, OnnxBackboneRunner.readProvenance(serialized, "new.onnx"));
    }
}
