package org.sdrnet.tribuo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.checkpoint.BackboneDigest;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.data.ImageSet;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.DjlFeatureExtractor;
import org.sdrnet.pretrain.CheckpointStore;
import org.sdrnet.pretrain.Manifest;
import org.sdrnet.spi.BackboneLocation;
import org.sdrnet.spi.ImageFeaturesFactory;
import org.sdrnet.spi.Services;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdrFeatureExtractorTest {
    private static final LabelFactory LABELS = new LabelFactory();

    @TempDir
    Path tmp;

    private Path savedBackbone() {
        Path dir = tmp.resolve("backbone");
        BackboneFiles.write(dir, Fixtures.backbone());
        return dir;
    }

    private static float[][] inProcessFeatures(ImageSet images) {
        try (DjlFeatureExtractor fx = new DjlFeatureExtractor(Fixtures.backbone(), Device.cpu())) {
            return fx.features(images);
        }
    }

    @Test
    void examplesAreDenseWithZeroPaddedNamesAndClassNamesAsLabels() {
        ImageSet images = Fixtures.perClass(Fixtures.d5().splits().get(0).train(), 2, "two-per-class");
        try (SdrFeatureExtractor fx = SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 8)) {
            List<Example<Label>> examples = fx.examples(images, LABELS);
            assertEquals(images.size(), examples.size());
            float[][] rows = inProcessFeatures(images);
            for (int i = 0; i < examples.size(); i++) {
                Example<Label> e = examples.get(i);
                assertEquals(128, e.size(), "dense: every dimension is a feature");
                assertEquals(images.classNames().get(images.label(i)), e.getOutput().getLabel());
                List<String> names = new ArrayList<>();
                int d = 0;
                for (Feature f : e) {
                    names.add(f.getName());
                    assertEquals(rows[i][d++], f.getValue(), 0.0);
                }
                assertEquals("emb-0000", names.get(0));
                assertEquals("emb-0127", names.get(127));
                assertEquals(names.stream().sorted().toList(), names, "string order is dimension order");
            }
            List<Example<Label>> unlabeled = fx.examples(images.withoutLabels(), LABELS);
            assertEquals(LabelFactory.UNKNOWN_LABEL, unlabeled.get(0).getOutput());
        }
    }

    @Test
    void configuredDjlTensorsBackboneGivesTheInProcessFeatures() {
        ImageSet images = Fixtures.test().head(16);
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor("djl-tensors", savedBackbone(), "", "cpu", 5)) {
            assertEquals(128, fx.featureDim());
            float[][] expected = inProcessFeatures(images);
            float[][] actual = fx.features(images);
            for (int i = 0; i < images.size(); i++) {
                // batches of 5 vs one batch of 16: the engine may sum in another order
                assertArrayEquals(expected[i], actual[i], 1e-5f);
            }
            assertEquals(BackboneDigest.of(Fixtures.backbone()), fx.backboneDigest().orElseThrow());
        }
    }

    @Test
    void configuredCheckpointBackboneGivesTheInProcessFeatures() {
        Backbone b = Fixtures.backbone();
        Path run = tmp.resolve("run");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> model = new LinkedHashMap<>();
            b.weights().forEach((k, t) -> model.put(CheckpointStore.BACKBONE_PREFIX + k, t.toNDArray(m)));
            model.put("head.weight", m.zeros(new ai.djl.ndarray.types.Shape(2, 2))); // not part of the backbone
            Manifest manifest = new Manifest(CheckpointStore.FORMAT_VERSION, "unified", b.spec(), Map.of(), 7,
                    new Manifest.DataInfo("test-pool", 10, "abc"), new Manifest.Progress(10, 10, 1, true), Map.of());
            CheckpointStore.write(run.resolve("checkpoint"), manifest, Map.of(CheckpointStore.MODEL, model));
        }
        ImageSet images = Fixtures.test().head(8);
        // a run directory (holding checkpoint/) and the checkpoint directory itself both work
        for (Path p : List.of(run, run.resolve("checkpoint"))) {
            try (SdrFeatureExtractor fx = new SdrFeatureExtractor("djl-checkpoint", p, "", "cpu", 8)) {
                float[][] expected = inProcessFeatures(images);
                float[][] actual = fx.features(images);
                for (int i = 0; i < images.size(); i++) {
                    assertArrayEquals(expected[i], actual[i]);
                }
                assertEquals("unified", fx.backboneProvenance().get("method"));
            }
        }
    }

    @Test
    void provenanceRecordsConfigurationAndNamesTheBackbone() {
        Path dir = savedBackbone();
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor("djl-tensors", dir, "", "cpu", 32)) {
            ConfiguredObjectProvenance p = fx.getProvenance();
            assertEquals(SdrFeatureExtractor.class.getName(), p.getClassName());
            Map<String, String> config = new LinkedHashMap<>();
            p.getConfiguredParameters().forEach((k, v) -> config.put(k, v.toString()));
            assertTrue(config.get("backboneType").contains("djl-tensors"), config.toString());
            assertTrue(config.get("backbonePath").contains(dir.toString()), config.toString());
            assertTrue(config.get("device").contains("cpu"), config.toString());
            assertTrue(config.get("batchSize").contains("32"), config.toString());
            var instance = p.getInstanceValues();
            assertEquals(fx.backboneDigest().orElseThrow(), instance.get(SdrFeatureExtractorProvenance.BACKBONE_SHA256).getValue());
            assertEquals(128, instance.get(SdrFeatureExtractorProvenance.FEATURE_DIM).getValue());
            assertEquals("random-init", instance.get("source.method").getValue(), "the backbone's own provenance is carried");
            assertEquals("djl", instance.get("source.runtime").getValue());
            assertTrue(String.valueOf(instance.get(SdrFeatureExtractorProvenance.DESCRIPTION).getValue()).contains(dir.toString()));
            // OLCUT marshalling (what Tribuo's serialization uses) keeps every entry
            assertEquals(p, ProvenanceUtil.unmarshalProvenance(ProvenanceUtil.marshalProvenance(p)));
        }
    }

    @Test
    void rebuiltFromATrainedModelsProvenanceGivesTheSameFeatures() {
        ImageSet images = Fixtures.test().head(10);
        float[][] original;
        SdrModel<Label> model;
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor("djl-tensors", savedBackbone(), "", "cpu", 64)) {
            model = new SdrTrainer<>(new LibLinearClassificationTrainer(), LABELS, fx).train(Fixtures.perClass(Fixtures.train(), 5, "small"));
            original = fx.features(images);
        }
        List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(model.provenance());
        List<String> extractors = config.stream().filter(c -> c.getClassName().equals(SdrFeatureExtractor.class.getName()))
                .map(ConfigurationData::getName).toList();
        assertEquals(1, extractors.size(), "the extractor's configuration is in the model provenance");
        assertTrue(config.stream().anyMatch(c -> c.getClassName().equals(ImageDataSource.class.getName())));
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(config);
        try (SdrFeatureExtractor rebuilt = (SdrFeatureExtractor) cm.lookup(extractors.get(0))) {
            assertEquals("djl-tensors", rebuilt.backboneType());
            assertEquals("cpu", rebuilt.device());
            assertEquals(64, rebuilt.batchSize());
            float[][] again = rebuilt.features(images);
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(original[i], again[i]);
            }
            assertEquals(SdrModelStore.recordedDigests(model.provenance()), java.util.Set.of(rebuilt.backboneDigest().orElseThrow()));
        }
        cm.close();
    }

    @Test
    void anInProcessBackboneIsRecordedButCannotBeReopenedFromConfiguration() {
        try (SdrFeatureExtractor fx = SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 8)) {
            assertEquals(SdrFeatureExtractor.IN_PROCESS, fx.backboneType());
            assertEquals("cpu", fx.device(), "what the caller said is recorded");
            assertEquals("random-init", fx.getProvenance().getInstanceValues().get("source.method").getValue());
            ConfigurationManager cm = new ConfigurationManager();
            List<ConfigurationData> config = ProvenanceUtil.extractConfiguration(fx.getProvenance());
            cm.addConfiguration(config);
            RuntimeException e = assertThrows(RuntimeException.class, () -> cm.lookup(config.get(0).getName()));
            assertTrue(messages(e).contains("cannot be reopened"), messages(e));
        }
    }

    @Test
    void aBackboneTypeRegisteredFromAnotherModulePlugsIn() throws Exception {
        List<String> types = Services.all(ImageFeaturesFactory.class).stream().map(ImageFeaturesFactory::name).toList();
        assertTrue(types.containsAll(List.of("djl-checkpoint", "djl-tensors", BlockMeanFeatures.NAME)), types.toString());
        Path file = BlockMeanFeatures.write(tmp.resolve("blocks.txt"), 4);
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor(BlockMeanFeatures.NAME, file, "", "cpu", 16)) {
            assertEquals(64, fx.featureDim());
            assertEquals(BackboneDigest.ofFile(file), fx.backboneDigest().orElseThrow(), "a file backbone is identified by its bytes");
            assertEquals(64, fx.features(Fixtures.test().head(3))[0].length);
        }
    }

    @Test
    void badConfigurationFailsNamingTheProblem() throws Exception {
        Path dir = savedBackbone();
        assertMessage(() -> new SdrFeatureExtractor("no-such-type", dir, "", "cpu", 8), "djl-checkpoint", "djl-tensors");
        assertMessage(() -> new SdrFeatureExtractor("djl-tensors", tmp.resolve("missing"), "", "cpu", 8), "missing", "does not exist");
        assertMessage(() -> new SdrFeatureExtractor("djl-tensors", null, "", "cpu", 8), "needs backbonePath");
        assertMessage(() -> new SdrFeatureExtractor("djl-tensors", dir, "", "cpu", 0), "batchSize must be positive");
        assertMessage(() -> new SdrFeatureExtractor("djl-tensors", dir, "0,1,0,2", "cpu", 8), "does not apply");
        assertMessage(() -> new SdrFeatureExtractor("djl-tensors", Files.createDirectories(tmp.resolve("empty")), "", "cpu", 8),
                "has no " + BackboneFiles.HEADER);
        assertMessage(() -> new SdrFeatureExtractor("djl-checkpoint", dir, "0,1", "cpu", 8), "not an SDR run directory");
        assertMessage(() -> new SdrFeatureExtractor("djl-tensors", dir, "", "quantum", 8), "unknown device 'quantum'");
        assertMessage(() -> new BackboneLocation("x", dir, "0,a", "cpu", 1).subnet(), "bad sub-net path '0,a'");
    }

    @Test
    void imagesOfTheWrongSizeOrAClosedExtractorFailClearly() {
        ImageSet small = ImageSet.unlabeled("tiny-28px", 1, 28, new byte[2 * 28 * 28]);
        SdrFeatureExtractor fx = SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 8);
        assertMessage(() -> fx.features(small), "tiny-28px", "expects 32 px");
        fx.close();
        assertMessage(() -> fx.features(Fixtures.test().head(1)), "is closed");
        fx.close(); // closing twice is harmless
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        Throwable e = assertThrows(Throwable.class, call);
        String all = messages(e);
        for (String p : parts) {
            assertTrue(all.contains(p), "expected '" + p + "' in: " + all);
        }
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
