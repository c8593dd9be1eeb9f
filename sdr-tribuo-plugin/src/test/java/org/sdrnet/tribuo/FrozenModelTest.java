package org.sdrnet.tribuo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model saved by an earlier build stays loadable: {@value #RESOURCE} is a frozen saved {@link SdrModel} (format
 * version 1, a {@link BlockMeanFeatures} backbone so it stays a few kilobytes) with the labels it predicted for the
 * first {@value #IMAGES} D5 test images. Renaming a provenance class or changing the layout breaks this test.
 */
class FrozenModelTest {
    static final String RESOURCE = "frozen-model-v1";
    static final String EXPECTED = "expected-predictions.txt";
    static final int IMAGES = 40;
    private static final List<String> FILES = List.of(SdrModelStore.MANIFEST, SdrModelStore.MODEL, "backbone/blocks.txt", EXPECTED);

    @TempDir
    Path tmp;

    private static ImageSet images() {
        return Fixtures.test().head(IMAGES);
    }

    @Test
    void aModelSavedByAnEarlierBuildLoadsAndPredictsAsItDid() throws IOException {
        Path dir = tmp.resolve(RESOURCE);
        for (String f : FILES) {
            try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(RESOURCE + "/" + f), f)) {
                Files.createDirectories(dir.resolve(f).getParent());
                Files.copy(in, dir.resolve(f));
            }
        }
        List<String> expected = Files.readAllLines(dir.resolve(EXPECTED));
        try (SdrModel<Label> model = SdrModel.load(dir, Label.class, "cpu")) {
            List<String> actual = model.predict(images()).stream().map(p -> p.getOutput().getLabel()).toList();
            assertEquals(expected, actual);
            assertTrue(SdrModelStore.recordedDigests(model.provenance()).contains(model.extractor().backboneDigest().orElseThrow()));
        }
    }

    /** Writes the fixture: {@code -Dsdr.writeFrozenModel=src/test/resources/org/sdrnet/tribuo}. */
    @Test
    @EnabledIfSystemProperty(named = "sdr.writeFrozenModel", matches = ".+")
    void writeFixture() throws IOException {
        Path out = Path.of(System.getProperty("sdr.writeFrozenModel")).toAbsolutePath().resolve(RESOURCE);
        Path file = BlockMeanFeatures.write(tmp.resolve("blocks.txt"), 8);
        try (SdrFeatureExtractor fx = new SdrFeatureExtractor(BlockMeanFeatures.NAME, file, "", "cpu", 64)) {
            SdrModel<Label> model = new SdrTrainer<>(new LibLinearClassificationTrainer(), new LabelFactory(), fx)
                    .train(Fixtures.train());
            model.save(out);
            List<Prediction<Label>> p = model.predict(images());
            Files.write(out.resolve(EXPECTED), p.stream().map(x -> x.getOutput().getLabel()).toList());
        }
    }
}
