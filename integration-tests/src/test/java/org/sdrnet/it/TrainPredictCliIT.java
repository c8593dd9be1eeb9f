package org.sdrnet.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.cli.SdrCli;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.data.catalog.DataPaths;
import org.sdrnet.io.Json;
import org.sdrnet.tribuo.SdrModel;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 end to end through the CLI on a user's own folder (built here from real clip art of the data cache: three
 * classes, train/ and test/): pretrain (a micro SDR run on the folder, unlabeled) → route → export → train → predict,
 * and the CLI's predictions equal {@link SdrModel#predict} in Java for the same images. Sized to run in well under two
 * minutes on two cores: 84 images, one epoch per level, one step per epoch.
 */
class TrainPredictCliIT {
    static final List<String> CLASSES = List.of("animals", "buildings", "food");
    static final int TRAIN_PER_CLASS = 20;
    static final int TEST_PER_CLASS = 8;
    /** Larger clip art is slow to decode; the folder keeps pictures up to this side. */
    static final int MAX_SIDE = 1500;

    @Test
    void ownFolderToPredictionsEqualToTheJavaApi(@TempDir Path dir) throws IOException {
        Path photos = ownFolder(dir.resolve("photos"));
        Path sdr = dir.resolve("sdr");
        Path route = dir.resolve("route");
        Path onnx = dir.resolve("photos.onnx");
        Path model = dir.resolve("model");
        Path predictions = dir.resolve("predictions.jsonl");

        assertEquals(0, SdrCli.run("pretrain", "--method", "sdr", "--data", photos.toString(), "--backbone", "tiny",
                "--widths", "16,16,32,32", "--batch", "64", "-o", "groups=2", "-o", "minClusterSize=8",
                "-o", "levelEpochs=1,1,1,1,1", "--out", sdr.toString(), "--no-progress", "--device", "cpu"));
        assertEquals(0, SdrCli.run("route", "--run", sdr.toString(), "--task", photos.toString(), "--out", route.toString(),
                "--device", "cpu"));
        assertEquals(0, SdrCli.run("export", "--routed-from", route.resolve("report.json").toString(), "--run", sdr.toString(),
                "--out", onnx.toString()));
        String trained = stdoutOf(() -> assertEquals(0, SdrCli.run("train", "--task", photos.toString(), "--backbone",
                onnx.toString(), "--out", model.toString(), "--device", "cpu")));
        assertTrue(trained.contains("test accuracy: ") && trained.contains("(" + CLASSES.size() * TEST_PER_CLASS + " images)"), trained);

        Path test = photos.resolve("test");
        assertEquals(0, SdrCli.run("predict", "--model", model.toString(), "--format", "jsonl", "--out", predictions.toString(),
                "--device", "cpu", test.toString()));
        List<String> lines = Files.readAllLines(predictions);
        List<Path> files = new ImageFolderReader().expand(List.of(test));
        assertEquals(files.size(), lines.size());
        try (SdrModel<Label> m = SdrModel.load(model, Label.class, "cpu")) {
            List<Prediction<Label>> expected = m.predict(new ImageFolderReader().readFiles("test", files).images());
            for (int i = 0; i < files.size(); i++) {
                JsonNode line = Json.MAPPER.readTree(lines.get(i));
                assertEquals(files.get(i).toString(), line.get("path").asText());
                assertEquals(expected.get(i).getOutput().getLabel(), line.get("label").asText(), lines.get(i));
                assertEquals(expected.get(i).getOutput().getScore(), line.get("score").asDouble(), 1e-12, lines.get(i));
            }
        }

        // the routed choice trains in-process too (DJL), without the export
        String routed = stdoutOf(() -> assertEquals(0, SdrCli.run("train", "--task", photos.toString(), "--routed-from",
                route.resolve("report.json").toString(), "--run", sdr.toString(), "--trainer", "knn",
                "--out", dir.resolve("model-djl").toString(), "--device", "cpu")));
        assertTrue(routed.contains("test accuracy: "), routed);
    }

    /** {@code train/<class>} and {@code test/<class>} of the first clip art of three of the cache's folders. */
    static Path ownFolder(Path root) throws IOException {
        Path clipart = DataPaths.defaults().set("clipart").resolve("png");
        for (String c : CLASSES) {
            List<Path> chosen = new ArrayList<>();
            try (Stream<Path> s = Files.walk(clipart.resolve(c))) {
                for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList()) {
                    if (chosen.size() < TRAIN_PER_CLASS + TEST_PER_CLASS && pngSide(p) <= MAX_SIDE) {
                        chosen.add(p);
                    }
                }
            }
            for (int i = 0; i < chosen.size(); i++) {
                Path to = root.resolve(i < TRAIN_PER_CLASS ? "train" : "test").resolve(c).resolve(i + ".png");
                Files.createDirectories(to.getParent());
                Files.copy(chosen.get(i), to);
            }
        }
        return root;
    }

    /** The longer side of a PNG, from its header. */
    private static int pngSide(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(24));
            return header.limit() < 24 ? Integer.MAX_VALUE : Math.max(header.getInt(16), header.getInt(20));
        }
    }

    private static String stdoutOf(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
