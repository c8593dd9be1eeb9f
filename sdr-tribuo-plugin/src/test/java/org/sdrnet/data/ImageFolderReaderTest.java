package org.sdrnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path tmp;

    private final ImageFolderReader reader = new ImageFolderReader();

    @Test
    void labeledFolderSortsClassesSkipsAndCountsCorruptFiles() throws IOException {
        Path root = tmp.resolve("shapes");
        gray(root.resolve("zeta/a.png"), 40, 40, 10);
        gray(root.resolve("zeta/nested/b.png"), 32, 32, 20);
        gray(root.resolve("alpha/c.png"), 16, 16, 30);
        Path corrupt = root.resolve("alpha/broken.png");
        Files.writeString(corrupt, "this is not a PNG");
        Files.writeString(root.resolve("alpha/notes.txt"), "ignored: not an image extension");
        gray(root.resolve("alpha/.hidden.png"), 8, 8, 0);
        // A real PNG cut in half: the signature is right, the image data is not.
        Path cut = gray(root.resolve("zeta/cut.png"), 64, 64, 99);
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));

        ImageFolderReader.Result r = reader.readLabeled(root);
        ImageSet s = r.images();
        assertEquals("shapes", s.name());
        assertEquals(List.of("alpha", "zeta"), s.classNames());
        assertArrayEquals(new int[] {0, 1, 1}, s.labels());
        assertEquals(1, s.channels(), "all-gray folders stay gray");
        assertEquals(3, r.report().readCount());
        assertEquals(2, r.report().skippedCount());
        assertEquals(List.of(corrupt, cut), r.report().skipped().stream().map(DecodeResult.Skipped::file).toList());
        assertEquals(corrupt + ": not a readable image (unknown format)", r.report().skipped().get(0).reason());
        assertTrue(r.report().skipped().get(1).reason().startsWith(cut + ": unreadable image ("), r.report().skipped().get(1).reason());
        // Constant pictures keep their value at any size.
        assertEquals(30, s.pixel(0, 0, 5, 5));
        assertEquals(10, s.pixel(1, 0, 31, 31));
        assertEquals(20, s.pixel(2, 0, 0, 0));
    }

    @Test
    void unlabeledIsRecursiveAndColourMakesTheSetRgbWithAlphaOnWhite() throws IOException {
        Path root = tmp.resolve("mixed");
        gray(root.resolve("a.png"), 32, 32, 50);
        BufferedImage rgba = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                rgba.setRGB(x, y, x < 16 ? 0x00FF0000 : 0xFF0000FF); // left half transparent red, right opaque blue
            }
        }
        TestImages.write(rgba, root.resolve("deep/down/b.png"));

        ImageFolderReader.Result r = reader.readUnlabeled(root);
        ImageSet s = r.images();
        assertEquals(2, s.size());
        assertEquals(3, s.channels());
        assertTrue(!s.isLabeled());
        assertEquals(List.of(root.resolve("a.png"), root.resolve("deep/down/b.png")), r.report().read());
        for (int c = 0; c < 3; c++) {
            assertEquals(50, s.pixel(0, c, 3, 3), "gray image replicated");
            assertEquals(255, s.pixel(1, c, 10, 2), "transparent composited onto white");
        }
        assertEquals(0, s.pixel(1, 0, 10, 30));
        assertEquals(255, s.pixel(1, 2, 10, 30));
    }

    @Test
    void largeNonSquarePicturesAreShrunkAndCentredOnWhite() throws IOException {
        Path root = tmp.resolve("wide");
        gray(root.resolve("w.png"), 400, 200, 0); // aspect 2:1 -> 32x16 black band centred in white
        ImageSet s = reader.readUnlabeled(root).images();
        assertEquals(32, s.imageSize());
        assertEquals(255, s.pixel(0, 0, 0, 16));
        assertEquals(255, s.pixel(0, 0, 7, 16));
        assertEquals(0, s.pixel(0, 0, 8, 16));
        assertEquals(0, s.pixel(0, 0, 23, 0));
        assertEquals(255, s.pixel(0, 0, 24, 16));
    }

    @Test
    void picturesOverTheSizeLimitAreSkipped() throws IOException {
        Path root = tmp.resolve("big");
        gray(root.resolve("ok.png"), 64, 64, 5);
        Path big = gray(root.resolve("huge.png"), 300, 20, 5);
        ImageFolderReader.Result r = new ImageFolderReader(32, 256).readUnlabeled(root);
        assertEquals(1, r.images().size());
        assertEquals(big + ": 300x20 px is over the 256 px limit", r.report().skipped().get(0).reason());
    }

    @Test
    void emptyAndMissingFoldersAreErrorsNamingTheFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals("folder " + empty + " holds no readable images (0 skipped); expected PNG, JPEG, GIF or BMP files",
                assertThrows(DataException.class, () -> reader.readUnlabeled(empty)).getMessage());
        assertEquals("folder " + empty + " has no class sub-folders; a labeled folder needs one sub-folder per class",
                assertThrows(DataException.class, () -> reader.readLabeled(empty)).getMessage());

        Path onlyBroken = tmp.resolve("broken");
        Files.createDirectories(onlyBroken.resolve("cats"));
        Files.writeString(onlyBroken.resolve("cats/x.jpg"), "not a jpeg");
        assertEquals("class folder " + onlyBroken.resolve("cats") + " holds no readable images; remove it or add images",
                assertThrows(DataException.class, () -> reader.readLabeled(onlyBroken)).getMessage());

        Path missing = tmp.resolve("missing");
        assertEquals("image folder " + missing + " does not exist or is not a directory",
                assertThrows(DataException.class, () -> reader.readUnlabeled(missing)).getMessage());
    }

    @Test
    void taskFromFolderChecksClassesAndPromotesToRgb() throws IOException {
        Path task = tmp.resolve("pets");
        gray(task.resolve("train/cat/1.png"), 32, 32, 1);
        gray(task.resolve("train/dog/1.png"), 32, 32, 2);
        gray(task.resolve("test/cat/1.png"), 32, 32, 3);
        BufferedImage red = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        red.setRGB(0, 0, 0xFF0000);
        TestImages.write(red, task.resolve("test/dog/1.png"));

        DownstreamTask t = reader.fromFolder(task);
        assertEquals("pets", t.id());
        assertEquals(List.of("cat", "dog"), t.classNames());
        assertEquals(3, t.splits().get(0).train().channels());
        assertEquals(3, t.splits().get(0).test().channels());

        gray(task.resolve("test/bird/1.png"), 32, 32, 3);
        assertEquals("task folder " + task + ": classes of train/ [cat, dog] differ from classes of test/ [bird, cat, dog]",
                assertThrows(DataException.class, () -> reader.fromFolder(task)).getMessage());

        Path noTest = tmp.resolve("notest");
        gray(noTest.resolve("train/cat/1.png"), 32, 32, 1);
        assertEquals("task folder " + noTest + " has no 'test' sub-folder; expected train/ and test/, each with one sub-folder per class",
                assertThrows(DataException.class, () -> reader.fromFolder(noTest)).getMessage());
    }

    @Test
    void filesAreReadInTheirOrderWithTheBadOnesReportedAndNoneReadableIsAnEmptySet() throws IOException {
        Path root = tmp.resolve("loose");
        Path b = gray(root.resolve("b.png"), 32, 32, 20);
        Path a = gray(root.resolve("sub/a.png"), 16, 16, 10);
        Path broken = Files.writeString(root.resolve("broken.png"), "not a picture");
        Files.writeString(root.resolve("notes.txt"), "ignored");
        assertEquals(List.of(b, broken, a), reader.expand(List.of(root)));

        ImageFolderReader.Result r = reader.readFiles("loose", List.of(a, broken, b, root.resolve("missing.png")));
        assertEquals(List.of(a, b), r.report().read());
        assertEquals(List.of(broken, root.resolve("missing.png")),
                r.report().skipped().stream().map(DecodeResult.Skipped::file).toList());
        assertEquals(2, r.images().size());
        assertEquals(10, r.images().pixel(0, 0, 5, 5));
        assertEquals(20, r.images().pixel(1, 0, 5, 5));
        assertTrue(reader.readFiles("none", List.of(broken)).images().isEmpty());

        Path task = tmp.resolve("task");
        gray(task.resolve("train/cat/1.png"), 32, 32, 1);
        Files.writeString(task.resolve("train/cat/2.png"), "not a picture");
        gray(task.resolve("test/cat/1.png"), 32, 32, 3);
        ImageFolderReader.TaskResult t = reader.readTask(task);
        assertEquals(List.of(task.resolve("train/cat/2.png")), t.train().skipped().stream().map(DecodeResult.Skipped::file).toList());
        assertEquals(0, t.test().skippedCount());
        assertEquals(1, t.task().splits().get(0).train().size());
    }

    private static Path gray(Path file, int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return TestImages.write(img, file);
    }
}
