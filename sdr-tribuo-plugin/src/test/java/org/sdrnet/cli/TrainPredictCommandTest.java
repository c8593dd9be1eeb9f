package org.sdrnet.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.checkpoint.BackboneFiles;
import org.sdrnet.data.ImageFolderReader;
import org.sdrnet.io.AtomicFiles;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.testing.CapturedOutput;
import org.sdrnet.tribuo.SdrModel;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sdr train} and {@code sdr predict} without pretraining (a randomly initialised tiny backbone saved as a
 * backbone directory, two classes of drawn pictures): a round trip, and one clear line, exit code ≠ 0 and nothing
 * written for each kind of bad input.
 */
class TrainPredictCommandTest {
    @TempDir
    static Path shared;
    static Path images;
    static Path backbone;
    static Path otherBackbone;
    static Path model;

    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();
    private final ByteArrayOutputStream out = io.out();
    private final ByteArrayOutputStream err = io.err();

    @BeforeAll
    static void fixtures() throws IOException {
        images = shared.resolve("shapes");
        Random random = new Random(7);
        for (String part : List.of("train", "test")) {
            for (String shape : List.of("circle", "square")) {
                Path dir = Files.createDirectories(images.resolve(part).resolve(shape));
                for (int i = 0; i < (part.equals("train") ? 8 : 4); i++) {
                    ImageIO.write(picture(shape, random), "png", dir.resolve(shape + i + ".png").toFile());
                }
            }
        }
        backbone = shared.resolve("backbone");
        BackboneFiles.write(backbone, Backbone.randomInit(ResNetSpec.tiny(), 1));
        otherBackbone = shared.resolve("other-backbone");
        BackboneFiles.write(otherBackbone, Backbone.randomInit(ResNetSpec.tiny(), 2));
        model = shared.resolve("model");
        assertEquals(0, SdrCli.run("train", "--task", images.toString(), "--backbone", backbone.toString(), "--out",
                model.toString(), "--device", "cpu"));
    }

    /** A red circle or a blue square at a random place on white. */
    static BufferedImage picture(String shape, Random random) {
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 40);
        int x = random.nextInt(16);
        int y = random.nextInt(16);
        int side = 12 + random.nextInt(10);
        if (shape.equals("circle")) {
            g.setColor(Color.RED);
            g.fillOval(x, y, side, side);
        } else {
            g.setColor(Color.BLUE);
            g.fillRect(x, y, side, side);
        }
        g.dispose();
        return img;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Exit code 2, one line on stderr starting with the command and containing {@code expected}, no stack trace. */
    private void assertOneLineError(String command, String expected, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, SdrCli.run(args), stdout() + stderr());
        String e = stderr().strip();
        // the reader's log may warn about a skipped file first; the error itself is one line
        List<String> errors = e.lines().filter(l -> l.startsWith("sdr " + command + ": ")).toList();
        assertEquals(1, errors.size(), e);
        assertTrue(errors.get(0).contains(expected), e);
        assertFalse(e.contains("\tat ") || e.contains("Exception"), e);
    }

    @Test
    void predictionsOfTheCliAreThoseOfTheSavedModel(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("p.csv");
        assertEquals(0, SdrCli.run("predict", "--model", model.toString(), "--out", csv.toString(), "--device", "cpu",
                images.resolve("test").toString()), stderr());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("path,label,score,error", lines.get(0));
        assertEquals(9, lines.size(), "a header and one line per test image");

        List<Path> files = new ImageFolderReader().expand(List.of(images.resolve("test")));
        try (SdrModel<Label> m = SdrModel.load(model, Label.class, "cpu")) {
            List<Prediction<Label>> expected = m.predict(new ImageFolderReader().readFiles("test", files).images());
            for (int i = 0; i < files.size(); i++) {
                String[] cells = lines.get(i + 1).split(",", -1);
                assertEquals(files.get(i).toString(), cells[0]);
                assertEquals(expected.get(i).getOutput().getLabel(), cells[1]);
                assertEquals(expected.get(i).getOutput().getScore(), Double.parseDouble(cells[2]));
                assertEquals("", cells[3]);
            }
        }

        out.reset();
        assertEquals(0, SdrCli.run("predict", "--model", model.toString(), "--format", "jsonl", "--device", "cpu",
                files.get(0).toString()), stderr());
        String line = stdout().strip();
        assertTrue(line.startsWith("{\"path\":\"" + files.get(0) + "\",\"label\":\"") && line.contains("\"score\":"), line);
    }

    @Test
    void trainingPrintsTheTestAccuracy(@TempDir Path dir) {
        assertEquals(0, SdrCli.run("train", "--task", images.toString(), "--backbone", backbone.toString(), "--trainer", "knn",
                "--out", dir.resolve("m").toString(), "--device", "cpu"), stderr());
        assertTrue(stdout().contains("test accuracy: "), stdout());
        assertTrue(Files.isRegularFile(dir.resolve("m").resolve("manifest.json")));
        // a plain class folder with a separate test folder
        out.reset();
        assertEquals(0, SdrCli.run("train", "--task", images.resolve("train").toString(), "--test", images.resolve("test").toString(),
                "--backbone", backbone.toString(), "--trainer", "logistic", "--out", dir.resolve("m2").toString(), "--device", "cpu"), stderr());
        assertTrue(stdout().contains("test accuracy: ") && stdout().contains("(8 images)"), stdout());
        // a catalog task: its first split's test part
        out.reset();
        assertEquals(0, SdrCli.run("train", "--task", "D5", "--task-preset", "tiny", "--backbone", backbone.toString(),
                "--out", dir.resolve("m3").toString(), "--device", "cpu"), stderr());
        assertTrue(stdout().contains("test accuracy: "), stdout());
    }

    @Test
    void helpDescribesEveryOptionOnce() {
        for (String command : List.of("train", "predict")) {
            out.reset();
            assertEquals(0, SdrCli.run(command, "--help"), command);
            List<String> described = stdout().lines().filter(l -> l.matches("^ {2,6}-.*"))
                    .map(l -> l.strip().split("[\\s,]+")[0]).toList();
            assertTrue(described.size() > 3, command + ": " + described);
            assertEquals(described.size(), new HashSet<>(described).size(), command + " help repeats an option: " + described);
        }
        assertTrue(stdout().contains("--format"), stdout());
    }

    @Test
    void anUnknownTrainerIsRefusedWithTheNamesBeforeAnyWork(@TempDir Path dir) {
        assertOneLineError("train", "unknown trainer 'forest'; available: liblinear, logistic, knn, xgboost",
                "train", "--task", images.toString(), "--backbone", backbone.toString(), "--trainer", "forest",
                "--out", dir.resolve("m").toString());
        assertFalse(Files.exists(dir.resolve("m")));
        assertEquals(0, SdrCli.run("train", "--list-trainers"));
        assertTrue(stdout().contains("xgboost"), stdout());
    }

    @Test
    void xgboostIsOfferedWhenItsModuleIsOnTheClassPath() {
        assertInstanceOf(XGBoostClassificationTrainer.class, TrainerNames.create("XGBoost", 1));
    }

    @Test
    void aMissingModelIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("no-model");
        Path csv = dir.resolve("p.csv");
        assertOneLineError("predict", "saved model " + missing + " does not exist",
                "predict", "--model", missing.toString(), "--out", csv.toString(), images.toString());
        assertOneLineError("predict", "not a saved SdrModel: " + backbone,
                "predict", "--model", backbone.toString(), "--out", csv.toString(), images.toString());
        assertFalse(Files.exists(csv));
    }

    @Test
    void aModelWhoseBackboneWasReplacedIsRefused(@TempDir Path dir) throws IOException {
        Path swapped = dir.resolve("swapped");
        copy(model, swapped);
        Path b = swapped.resolve("backbone");
        AtomicFiles.deleteRecursively(b);
        copy(otherBackbone, b);
        Path csv = dir.resolve("p.csv");
        assertOneLineError("predict", "saved model " + swapped + ": backbone backbone has SHA-256",
                "predict", "--model", swapped.toString(), "--out", csv.toString(), images.toString());
        assertFalse(Files.exists(csv));
    }

    @Test
    void emptyFoldersAreNamed(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError("train", "folder " + empty + " has no class sub-folders",
                "train", "--task", empty.toString(), "--backbone", backbone.toString(), "--out", dir.resolve("m").toString());
        Files.createDirectories(empty.resolve("cats"));
        assertOneLineError("train", "class folder " + empty.resolve("cats") + " holds no readable images",
                "train", "--task", empty.toString(), "--backbone", backbone.toString(), "--out", dir.resolve("m").toString());
        Files.copy(images.resolve("train").resolve("circle").resolve("circle0.png"), empty.resolve("cats").resolve("0.png"));
        assertOneLineError("train", "a classifier needs at least two classes; " + empty + " has one (cats)",
                "train", "--task", empty.toString(), "--backbone", backbone.toString(), "--out", dir.resolve("m").toString());
        assertFalse(Files.exists(dir.resolve("m")));
        Files.delete(empty.resolve("cats").resolve("0.png"));
        Files.delete(empty.resolve("cats"));
        assertOneLineError("predict", "folder " + empty + " holds no images",
                "predict", "--model", model.toString(), "--out", dir.resolve("p.csv").toString(), empty.toString());
        assertFalse(Files.exists(dir.resolve("p.csv")));
    }

    @Test
    void aCorruptImageAmongGoodOnesIsRefusedForTrainingAndReportedWhenPredicting(@TempDir Path dir) throws IOException {
        Path task = dir.resolve("task");
        copy(images, task);
        Path bad = Files.writeString(task.resolve("train").resolve("circle").resolve("broken.png"), "not a picture");
        Path m = dir.resolve("m");
        assertOneLineError("train", bad + ": ", "train", "--task", task.toString(), "--backbone", backbone.toString(),
                "--out", m.toString());
        assertTrue(stderr().contains("--skip-unreadable"), stderr());
        assertFalse(Files.exists(m));

        out.reset();
        assertEquals(0, SdrCli.run("train", "--task", task.toString(), "--backbone", backbone.toString(), "--out", m.toString(),
                "--skip-unreadable", "--device", "cpu"), stderr());
        assertTrue(stderr().contains("skipped 1 unreadable file(s)"), stderr());

        Path jsonl = dir.resolve("p.jsonl");
        err.reset();
        assertEquals(PredictCommand.SOME_UNREADABLE, SdrCli.run("predict", "--model", model.toString(), "--format", "jsonl",
                "--out", jsonl.toString(), "--device", "cpu", task.resolve("train").resolve("circle").toString(),
                dir.resolve("missing.png").toString()));
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(10, lines.size(), "8 good, the corrupt one and the missing one: " + lines);
        assertEquals(8, lines.stream().filter(l -> l.contains("\"label\"")).count(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"path\":\"" + bad + "\",\"error\":\"" + bad + ": ")), String.join("\n", lines));
        assertTrue(lines.get(9).contains("missing.png: file not found"), lines.get(9));
        String e = stderr().strip();
        assertTrue(e.contains("8 of 10 image(s) predicted, 2 unreadable"), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    void aMissingBackboneOrABadDestinationIsRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nowhere.onnx");
        assertOneLineError("train", "backbone " + missing + " does not exist",
                "train", "--task", images.toString(), "--backbone", missing.toString(), "--out", dir.resolve("m").toString());
        Path folder = Files.createDirectories(dir.resolve("my-photos"));
        assertOneLineError("train", "refusing to write saved SdrModel to " + folder,
                "train", "--task", images.toString(), "--backbone", backbone.toString(), "--out", folder.toString());
        assertOneLineError("train", "give a backbone", "train", "--task", images.toString(), "--out", dir.resolve("m").toString());
        assertOneLineError("train", backbone + ": is a directory, not an .onnx file", "train", "--task", images.toString(), "--backbone", backbone.toString(),
                "--backbone-type", "onnx", "--out", dir.resolve("m").toString());
        assertOneLineError("predict", "unknown format 'xml'", "predict", "--model", model.toString(), "--format", "xml",
                images.toString());
        assertFalse(Files.exists(dir.resolve("m")));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
