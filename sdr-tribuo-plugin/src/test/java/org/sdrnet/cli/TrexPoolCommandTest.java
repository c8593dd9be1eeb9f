package org.sdrnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.ImageSet;
import org.sdrnet.data.TestImages;
import org.sdrnet.data.catalog.DataCatalog;
import org.sdrnet.data.catalog.Preset;
import org.sdrnet.io.Json;
import org.sdrnet.pretrain.TrainingLoop;
import org.sdrnet.testing.CapturedOutput;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sdr pretrain --method trex} on labelled pools: a folder with one sub-folder per class (real MNIST digits written
 * as PNGs) and the labelled catalog pool L1 train with their classes; an unlabeled pool, and bad folders (missing, empty,
 * one class, a corrupt picture), are one line naming the problem, exit code 2 and no checkpoint.
 */
class TrexPoolCommandTest {
    @TempDir
    static Path shared;
    static Path digits;

    @RegisterExtension
    final CapturedOutput io = new CapturedOutput();
    private final ByteArrayOutputStream out = io.out();
    private final ByteArrayOutputStream err = io.err();

    /** 12 real MNIST digits of each of the classes 0, 1, 2 as PNG files in digits/0, digits/1, digits/2. */
    @BeforeAll
    static void classFolders() {
        digits = shared.resolve("digits");
        writeClasses(DataCatalog.defaults().pool("P1", Preset.TINY, 3), digits, List.of(0, 1, 2), 12);
    }

    static void writeClasses(ImageSet set, Path root, List<Integer> classes, int perClass) {
        int[] written = new int[set.numClasses()];
        for (int i = 0; i < set.size(); i++) {
            int c = set.label(i);
            if (classes.contains(c) && written[c] < perClass) {
                TestImages.write(gray(set, i), root.resolve(set.classNames().get(c)).resolve("img-" + i + ".png"));
                written[c]++;
            }
        }
        for (int c : classes) {
            assertEquals(perClass, written[c], "class " + c + " has enough images in " + set.name());
        }
    }

    private static BufferedImage gray(ImageSet set, int i) {
        int s = set.imageSize();
        BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int v = set.pixel(i, 0, y, x);
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return img;
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String[] pretrain(Path out, String... source) {
        String[] common = {"pretrain", "--method", "trex", "--widths", "8,16,16,32", "--epochs", "1", "--batch", "12",
                "--warmup", "0", "--seed", "5", "--no-progress", "--out", out.toString(), "-o", "projectorHidden=16",
                "-o", "projectionDim=8", "-o", "localCrops=1"};
        String[] args = new String[common.length + source.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(source, 0, args, common.length, source.length);
        return args;
    }

    private static JsonNode manifest(Path run) throws IOException {
        return Json.MAPPER.readTree(run.resolve(TrainingLoop.CHECKPOINT_DIR).resolve("manifest.json").toFile());
    }

    @Test
    void aClassFolderTrainsWithItsClasses(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, SdrCli.run(pretrain(run, "--data", digits.toString())), stderr());
        JsonNode m = manifest(run);
        assertEquals("trex", m.path("method").asText(), m.toString());
        assertEquals(3, m.path("settings").path("classes").asInt(), m.toString());
        assertEquals(24, m.path("settings").path("memorySize").asInt(), "auto memory: 8 per class, at least a batch");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("finished: 3/3 steps"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLabelledCatalogPoolKeepsItsLetters(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, SdrCli.run(pretrain(run, "--pool", "L1", "--preset", "tiny")), stderr());
        JsonNode m = manifest(run);
        assertEquals(52, m.path("settings").path("classes").asInt(), m.toString());
        assertEquals("L1", m.path("data").path("name").asText(), m.toString());
    }

    @Test
    void anUnlabelledPoolIsRefusedInOneLine(@TempDir Path dir) {
        Path run = dir.resolve("run");
        assertEquals(2, SdrCli.run(pretrain(run, "--pool", "P1,P2", "--preset", "tiny")));
        assertOneLine("sdr pretrain: method 'trex' needs a labelled pool (one sub-folder per class); 'mixed-P1+P2' has no labels");
        assertFalse(Files.exists(run.resolve(TrainingLoop.CHECKPOINT_DIR)));
    }

    @Test
    void badFoldersAreNamedInOneLine(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path single = dir.resolve("single");
        writeClasses(DataCatalog.defaults().pool("P1", Preset.TINY, 3), single, List.of(7), 5);
        Path corrupt = dir.resolve("corrupt");
        writeClasses(DataCatalog.defaults().pool("P1", Preset.TINY, 3), corrupt, List.of(0, 1), 12);
        Path bad = TestImages.corruptPng(corrupt.resolve("1").resolve("broken.png"));
        Object[][] cases = {
                {missing, "image folder " + missing + " does not exist"},
                {empty, "folder " + empty + " has no class sub-folders"},
                {single, "method 'trex' needs at least two classes; pool 'single' has one (7)"},
                {corrupt, bad.toString()},
        };
        for (Object[] c : cases) {
            err.reset();
            Path run = dir.resolve("run-" + ((Path) c[0]).getFileName());
            assertEquals(2, SdrCli.run(pretrain(run, "--data", c[0].toString())), stderr());
            assertOneLine((String) c[1]);
            assertFalse(Files.exists(run.resolve(TrainingLoop.CHECKPOINT_DIR)), "nothing written for " + c[0]);
        }
        assertTrue(stderr().contains("--skip-unreadable"), stderr());
        err.reset();
        assertEquals(0, SdrCli.run(pretrain(dir.resolve("skipping"), "--data", corrupt.toString(), "--skip-unreadable")), stderr());
        assertTrue(stderr().contains("skipped 1 unreadable file(s)"), stderr());
    }

    private void assertOneLine(String expected) {
        List<String> lines = stderr().lines().filter(l -> l.startsWith("sdr pretrain: ") && !l.startsWith("sdr pretrain: trex on ")).toList();
        assertEquals(1, lines.size(), stderr());
        assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in: " + stderr());
        assertFalse(stderr().contains("\tat "), "no stack trace: " + stderr());
    }
}
