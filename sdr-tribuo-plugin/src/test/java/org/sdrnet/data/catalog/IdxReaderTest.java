package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;
import org.sdrnet.data.ImageSet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    static final int[] MNIST_TRAIN = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    static final int[] MNIST_TEST = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};

    @TempDir
    Path tmp;

    @Test
    void mnistTrainHasKnownCountsAndIsPaddedExactly() {
        ImageSet train = RealData.mnistTrain();
        assertEquals(60_000, train.size());
        assertEquals(1, train.channels());
        assertEquals(32, train.imageSize());
        assertArrayEquals(MNIST_TRAIN, train.classHistogram());
        assertEquals(5, train.label(0), "the first MNIST training digit is a 5");

        // The 2-pixel border is black and the 28x28 interior equals the file's bytes.
        IdxReader.IdxImages raw = IdxReader.readImages(RealData.PATHS.set("mnist").resolve("train-images-idx3-ubyte"));
        assertEquals(28, raw.rows());
        for (int i : new int[] {0, 12_345, 59_999}) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int expected = y < 2 || y >= 30 || x < 2 || x >= 30 ? 0
                            : raw.pixels()[i * 784 + (y - 2) * 28 + (x - 2)] & 0xFF;
                    assertEquals(expected, train.pixel(i, 0, y, x), "image " + i + " pixel " + y + "," + x);
                }
            }
        }
    }

    @Test
    void mnistTestAndFashionHaveKnownCounts() {
        Path m = RealData.PATHS.set("mnist");
        ImageSet t10k = IdxReader.read("t", m.resolve("t10k-images-idx3-ubyte"), m.resolve("t10k-labels-idx1-ubyte"),
                DigitsCsvReader.DIGIT_CLASSES);
        assertArrayEquals(MNIST_TEST, t10k.classHistogram());

        ImageSet fashion = RealData.fashionTrain();
        assertEquals(60_000, fashion.size());
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, fashion.classHistogram());
        Path f = RealData.PATHS.set("fashion");
        int[] testLabels = IdxReader.readLabels(f.resolve("t10k-labels-idx1-ubyte.gz"));
        int[] h = new int[10];
        for (int l : testLabels) {
            h[l]++;
        }
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertArrayEquals(thousand, h);
    }

    @Test
    void smallFilesRoundTripRawAndGzip() throws IOException {
        byte[] pixels = new byte[3 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        Path img = write(tmp.resolve("img"), images(3, 28, 28, pixels), false);
        Path lab = write(tmp.resolve("lab.gz"), labels(new byte[] {2, 0, 1}), true);
        ImageSet s = IdxReader.read("s", img, lab, List.of("a", "b", "c"));
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {2, 0, 1}, s.labels());
        assertEquals(pixels[2 * 784] & 0xFF, s.pixel(2, 0, 2, 2));
        assertEquals(pixels[784 + 27 * 28 + 27] & 0xFF, s.pixel(1, 0, 29, 29));
    }

    @Test
    void truncatedCopyOfRealFileNamesFileAndSizes() throws IOException {
        Path real = RealData.PATHS.set("mnist").resolve("t10k-images-idx3-ubyte");
        Path cut = tmp.resolve("t10k-images-idx3-ubyte");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(real), 100_000));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(cut));
        assertEquals("IDX file " + cut + " is truncated: header declares 10000 images of 28x28 = 7840016 bytes,"
                + " but the file holds only 100000", e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        Path real = RealData.PATHS.set("fashion").resolve("t10k-labels-idx1-ubyte.gz");
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(real), 2_000));
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(cut));
        assertTrue(e.getMessage().startsWith("IDX file " + cut + " is a truncated or corrupt gzip stream"), e.getMessage());
    }

    @Test
    void wrongMagicNamesExpectedAndActual() throws IOException {
        Path lab = write(tmp.resolve("labels-not-images"), labels(new byte[] {1, 2}), false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(lab));
        assertEquals("IDX file " + lab + " has magic 0x00000801, expected 0x00000803 (images of unsigned bytes)",
                e.getMessage());
    }

    @Test
    void trailingBytesAndMismatchedCountsAndBadLabelsAreErrors() throws IOException {
        byte[] ok = labels(new byte[] {0, 1});
        Path longer = write(tmp.resolve("long"), Arrays.copyOf(ok, ok.length + 3), false);
        assertTrue(assertThrows(DataException.class, () -> IdxReader.readLabels(longer)).getMessage()
                .contains("3 unexpected trailing bytes"));

        Path img = write(tmp.resolve("img"), images(1, 28, 28, new byte[784]), false);
        Path two = write(tmp.resolve("two"), ok, false);
        assertEquals(two + " has 2 labels but " + img + " has 1 images",
                assertThrows(DataException.class, () -> IdxReader.read("x", img, two, List.of("a", "b"))).getMessage());

        Path bad = write(tmp.resolve("bad"), labels(new byte[] {7}), false);
        assertEquals(bad + ": label 7 of item 0 is outside the 2 classes [a, b]",
                assertThrows(DataException.class, () -> IdxReader.read("x", img, bad, List.of("a", "b"))).getMessage());
    }

    @Test
    void missingFileSaysHowToFetch() {
        Path missing = tmp.resolve("nope-idx3-ubyte");
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(missing));
        assertEquals("IDX file " + missing + " does not exist; fetch the data with scripts/fetch-data.sh", e.getMessage());
    }

    static byte[] images(int n, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(0x0803).putInt(n).putInt(rows).putInt(cols).put(pixels).array();
    }

    static byte[] labels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(0x0801).putInt(labels.length).put(labels).array();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
