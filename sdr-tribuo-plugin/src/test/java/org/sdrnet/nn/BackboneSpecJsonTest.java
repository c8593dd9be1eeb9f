package org.sdrnet.nn;

import org.junit.jupiter.api.Test;
import org.sdrnet.io.Json;
import org.sdrnet.pretrain.Manifest;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON form of a {@link BackboneSpec} (checkpoint manifests, saved backbones, ONNX metadata): ResNet specs are written
 * and read exactly as before ViTs existed (no type field), and a ViT spec is told apart by its properties.
 */
class BackboneSpecJsonTest {
    /** A ResNet spec as checkpoints and ONNX files of earlier builds hold it (copied from a run's manifest.json). */
    private static final String FROZEN_RESNET = "{\"name\":\"tiny-w24-40-80-152\",\"inChannels\":3,\"imageSize\":32,"
            + "\"widths\":[24,40,80,152],\"blocks\":[1,1,1,1],\"strides\":[1,2,2,2]}";

    @Test
    void resNetSpecsOfEarlierBuildsReadUnchangedAndAreWrittenAsBefore() throws Exception {
        BackboneSpec read = Json.MAPPER.readValue(FROZEN_RESNET, BackboneSpec.class);
        ResNetSpec expected = ResNetSpec.tiny().withWidths(new int[] {24, 40, 80, 152});
        assertEquals(expected, read);
        assertEquals(FROZEN_RESNET, Json.MAPPER.writeValueAsString(read));
        assertEquals(FROZEN_RESNET, Json.MAPPER.writeValueAsString(expected));
        assertEquals(expected, Json.MAPPER.readValue(FROZEN_RESNET, ResNetSpec.class));
    }

    @Test
    void vitSpecsRoundTripAsTheirKind() throws Exception {
        for (VitSpec spec : new VitSpec[] {VitSpec.tiny(), VitSpec.test(), VitSpec.tiny().withPooling(VitSpec.Pooling.MEAN)}) {
            String json = Json.MAPPER.writeValueAsString(spec);
            BackboneSpec read = Json.MAPPER.readValue(json, BackboneSpec.class);
            assertInstanceOf(VitSpec.class, read, json);
            assertEquals(spec, read, json);
        }
        assertEquals("vit-tiny-mean", VitSpec.tiny().withPooling(VitSpec.Pooling.MEAN).name());
        assertEquals("vit-tiny", VitSpec.tiny().withPooling(VitSpec.Pooling.MEAN).withPooling(VitSpec.Pooling.CLS).name());
    }

    @Test
    void aManifestHoldsEitherKind() throws Exception {
        for (BackboneSpec spec : new BackboneSpec[] {ResNetSpec.tiny(), VitSpec.tiny()}) {
            Manifest m = new Manifest(1, "m", spec, Map.of("a", 1), 7L, new Manifest.DataInfo("d", 10, "f"),
                    new Manifest.Progress(1, 2, 0, false), Map.of());
            Manifest read = Json.INDENTED.readValue(Json.INDENTED.writeValueAsString(m), Manifest.class);
            assertEquals(spec, read.backbone());
        }
    }

    @Test
    void presetsAndKindChecksNameTheChoices() {
        assertEquals(VitSpec.tiny(), BackboneSpec.preset("vit-tiny"));
        assertEquals(ResNetSpec.tiny(), BackboneSpec.preset("TINY"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackboneSpec.preset("vit-huge"));
        assertTrue(e.getMessage().contains("tiny, small, vit-tiny, vit-test"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VitSpec.tiny().asResNet("method 'sdr'"));
        assertTrue(e.getMessage().contains("method 'sdr' needs a ResNet"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResNetSpec.tiny().asVit("method 'mae'"));
        assertTrue(e.getMessage().contains("method 'mae' needs a Vision Transformer"), e.getMessage());
    }

    @Test
    void vitSpecRulesAreCheckedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VitSpec("v", 3, 32, 5, 32, 1, 2, 2, VitSpec.Pooling.CLS));
        assertTrue(e.getMessage().contains("not a multiple of the patch size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new VitSpec("v", 3, 32, 4, 32, 1, 3, 2, VitSpec.Pooling.CLS));
        assertTrue(e.getMessage().contains("multiple of the 3 heads"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new VitSpec("v", 3, 32, 4, 32, 1, 2, 0.01, VitSpec.Pooling.CLS));
        assertTrue(e.getMessage().contains("whole width"), e.getMessage());
        VitSpec t = VitSpec.tiny();
        assertEquals(64, t.numPatches());
        assertEquals(65, t.numTokens());
        assertEquals(48, t.patchDim());
        assertEquals(64, t.headDim());
        assertEquals(768, t.mlpDim());
    }
}
