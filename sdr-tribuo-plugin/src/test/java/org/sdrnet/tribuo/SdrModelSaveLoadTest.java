package org.sdrnet.tribuo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.checkpoint.BackboneDigest;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.checkpoint.DjlTensorsFeatures;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.ImageFeatures;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.clustering.ClusterID;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sdrnet.tribuo.SdrFeatureExtractorTest.assertMessage;

class SdrModelSaveLoadTest {
    private static final LabelFactory LABELS = new LabelFactory();
    private static SdrFeatureExtractor extractor;
    private static SdrModel<Label> model;
    private static List<Prediction<Label>> expected;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        extractor = SdrFeatureExtractor.of(Fixtures.backbone(), "cpu", 256);
        model = new SdrTrainer<>(new LibLinearClassificationTrainer(), LABELS, extractor).train(Fixtures.train());
        expected = model.predict(Fixtures.test());
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    private static void assertSamePredictions(List<Prediction<Label>> a, List<Prediction<Label>> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getOutput().getLabel(), b.get(i).getOutput().getLabel(), "prediction " + i);
            Map<String, Label> sa = a.get(i).getOutputScores();
            Map<String, Label> sb = b.get(i).getOutputScores();
            assertEquals(sa.keySet(), sb.keySet());
            for (String k : sa.keySet()) {
                assertEquals(sa.get(k).getScore(), sb.get(k).getScore(), 1e-9, "score of " + k + " for image " + i);
            }
        }
    }

    @Test
    void saveThenLoadGivesIdenticalPredictionsAndProvenance() {
        Path dir = tmp.resolve("model");
        model.save(dir);
        assertTrue(Files.isRegularFile(dir.resolve(SdrModelStore.MANIFEST)));
        assertTrue(Files.isRegularFile(dir.resolve(SdrModelStore.MODEL)));
        assertTrue(Files.isRegularFile(dir.resolve(SdrModelStore.BACKBONE).resolve(BackboneFiles.WEIGHTS)));
        try (SdrModel<Label> loaded = SdrModel.load(dir, Label.class, "cpu")) {
            assertSamePredictions(expected, loaded.predict(Fixtures.test()));
            assertEquals(model.provenance(), loaded.provenance());
            assertEquals(DjlTensorsFeatures.NAME, loaded.extractor().backboneType());
            assertEquals(extractor.backboneDigest(), loaded.extractor().backboneDigest());
        }
    }

    @Test
    void savingAgainReplacesTheModelAndLeavesNoTemporaryFiles() throws IOException {
        Path dir = tmp.resolve("model");
        model.save(dir);
        model.save(dir);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(dir), s.toList());
        }
        try (SdrModel<Label> loaded = SdrModel.load(dir, Label.class, "cpu")) {
            assertEquals(expected.size(), loaded.predict(Fixtures.test()).size());
        }
    }

    @Test
    void aTamperedBackboneIsRefused() throws IOException {
        Path dir = tmp.resolve("model");
        model.save(dir);
        // change one weight: the file still parses, but it is not the backbone the model was trained on
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("backbone").resolve(BackboneFiles.WEIGHTS).toFile(), "rw")) {
            f.seek(f.length() - 2);
            int b = f.read();
            f.seek(f.length() - 2);
            f.write(b ^ 0x01);
        }
        assertMessage(() -> SdrModel.load(dir, Label.class, "cpu"), dir.toString(), "SHA-256", "modified or replaced");
    }

    @Test
    void anotherBackboneIsRefusedEvenWithAMatchingManifest() throws IOException {
        Path dir = tmp.resolve("model");
        model.save(dir);
        Backbone other = Backbone.randomInit(ResNetSpec.tiny(), 8);
        BackboneFiles.write(dir.resolve("backbone"), other);
        assertMessage(() -> SdrModel.load(dir, Label.class, "cpu"), "SHA-256", "modified or replaced");
        // editing the manifest to the new digest does not help: the model's own provenance recorded the old one
        Path manifest = dir.resolve(SdrModelStore.MANIFEST);
        String json = Files.readString(manifest).replace(extractor.backboneDigest().orElseThrow(), BackboneDigest.of(other));
        Files.writeString(manifest, json);
        assertMessage(() -> SdrModel.load(dir, Label.class, "cpu"), "but the model was trained on", extractor.backboneDigest().orElseThrow());
    }

    @Test
    void loadingFailsClearlyOnBadInput() throws IOException {
        assertMessage(() -> SdrModel.load(tmp.resolve("nothing"), Label.class, "cpu"), "nothing", "does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertMessage(() -> SdrModel.load(empty, Label.class, "cpu"), "not a saved SdrModel", "manifest.json");
        Path dir = tmp.resolve("model");
        model.save(dir);
        assertMessage(() -> SdrModel.load(dir, ClusterID.class, "cpu"), "predicts org.tribuo.classification.Label",
                "not org.tribuo.clustering.ClusterID");
        Files.delete(dir.resolve(SdrModelStore.MODEL));
        assertMessage(() -> SdrModel.load(dir, Label.class, "cpu"), "has no " + SdrModelStore.MODEL);
    }

    @Test
    void savingNeverReplacesADirectoryThatIsNotASavedModel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Path keep = Files.writeString(dir.resolve("holiday.txt"), "precious");
        assertMessage(() -> model.save(dir), "photos", "is not a saved SdrModel");
        assertEquals("precious", Files.readString(keep));
    }

    @Test
    void aFileBackboneIsCopiedAndVerified() throws IOException {
        Path file = BlockMeanFeatures.write(tmp.resolve("blocks.txt"), 4);
        List<Prediction<Label>> before;
        Path dir = tmp.resolve("file-model");
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor(BlockMeanFeatures.NAME, file, "", "cpu", 64)) {
            SdrModel<Label> m = new SdrTrainer<>(new LibLinearClassificationTrainer(), LABELS, fx).train(Fixtures.train());
            before = m.predict(Fixtures.test());
            m.save(dir);
        }
        Path copy = dir.resolve("backbone").resolve("blocks.txt");
        assertTrue(Files.isRegularFile(copy), "the backbone file is copied into the model directory");
        try (SdrModel<Label> loaded = SdrModel.load(dir, Label.class, "cpu")) {
            assertEquals(BlockMeanFeatures.NAME, loaded.extractor().backboneType());
            assertSamePredictions(before, loaded.predict(Fixtures.test()));
        }
        Files.writeString(copy, "2");
        assertMessage(() -> SdrModel.load(dir, Label.class, "cpu"), "blocks.txt", "modified or replaced");
    }

    @Test
    void aBackboneThatIsNeitherDjlNorAFileCannotBeSaved() {
        ImageFeatures features = new BlockMeanFeatures.Blocks(8, Path.of("not-used"));
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor(features, "block means made in code")) {
            SdrModel<Label> m = new SdrTrainer<>(new LibLinearClassificationTrainer(), LABELS, fx)
                    .train(Fixtures.perClass(Fixtures.train(), 3, "few"));
            assertMessage(() -> m.save(tmp.resolve("m")), "block means made in code", "cannot be stored");
            assertTrue(Files.notExists(tmp.resolve("m")));
        }
    }
}
