package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.ImageSet;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads MNIST-style IDX files (unsigned-byte images {@code 0x0803} and labels {@code 0x0801}, big-endian),
 * raw or gzip-compressed (detected by the first bytes {@code 1f 8b}). The whole file is read in one go, which
 * keeps 60,000 MNIST images well under a second. Every size is checked against the header, so a truncated or
 * foreign file fails with the file's name and the expected and actual values.
 * <p>
 * Images smaller than {@link ImageSet#DEFAULT_SIZE} are zero-padded to it (28×28 → 32×32 with 2 pixels on
 * each side) <b>[our choice]</b>: padding keeps every original pixel exact, where resizing would blur them.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x0803;
    static final int LABELS_MAGIC = 0x0801;

    private IdxReader() {
    }

    /** The images of one IDX file as stored: {@code count} row-major {@code rows×cols} uint8 images. */
    public record IdxImages(int count, int rows, int cols, byte[] pixels) {
    }

    /** Reads an images file ({@code 0x0803}, three dimensions). */
    public static IdxImages readImages(Path file) {
        ByteBuffer b = ByteBuffer.wrap(DataFiles.readInflated(file, "IDX file"));
        checkMagic(file, b, IMAGES_MAGIC, "images");
        int count = dimension(file, b, "image count");
        int rows = dimension(file, b, "rows");
        int cols = dimension(file, b, "columns");
        long expected = 16L + (long) count * rows * cols;
        checkLength(file, b, expected, count + " images of " + rows + "x" + cols);
        byte[] pixels = new byte[count * rows * cols];
        b.get(16, pixels);
        return new IdxImages(count, rows, cols, pixels);
    }

    /** Reads a labels file ({@code 0x0801}, one dimension) as ints 0..255. */
    public static int[] readLabels(Path file) {
        ByteBuffer b = ByteBuffer.wrap(DataFiles.readInflated(file, "IDX file"));
        checkMagic(file, b, LABELS_MAGIC, "labels");
        int count = dimension(file, b, "label count");
        checkLength(file, b, 8L + count, count + " labels");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = b.get(8 + i) & 0xFF;
        }
        return labels;
    }

    /**
     * Reads an images file and its labels file into a labeled 1-channel set padded to 32×32. The counts must
     * agree and every label must name one of {@code classNames}.
     */
    public static ImageSet read(String name, Path images, Path labels, List<String> classNames) {
        IdxImages img = readImages(images);
        int[] lab = readLabels(labels);
        if (lab.length != img.count()) {
            throw new DataException(labels + " has " + lab.length + " labels but " + images + " has "
                    + img.count() + " images");
        }
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] >= classNames.size()) {
                throw new DataException(labels + ": label " + lab[i] + " of item " + i + " is outside the "
                        + classNames.size() + " classes " + classNames);
            }
        }
        return ImageSet.labeled(name, 1, ImageSet.DEFAULT_SIZE, padAll(images, img), lab, classNames);
    }

    /** Pads every image to 32×32 with zeros (black), centred. */
    static byte[] padAll(Path file, IdxImages img) {
        int size = ImageSet.DEFAULT_SIZE;
        if (img.rows() > size || img.cols() > size) {
            throw new DataException(file + ": images of " + img.rows() + "x" + img.cols()
                    + " are larger than " + size + "x" + size + "; only smaller IDX images are supported");
        }
        int in = img.rows() * img.cols();
        int out = size * size;
        int top = (size - img.rows()) / 2;
        int left = (size - img.cols()) / 2;
        byte[] dst = new byte[img.count() * out];
        byte[] src = img.pixels();
        for (int i = 0; i < img.count(); i++) {
            for (int y = 0; y < img.rows(); y++) {
                System.arraycopy(src, i * in + y * img.cols(), dst, i * out + (top + y) * size + left, img.cols());
            }
        }
        return dst;
    }

    private static void checkMagic(Path file, ByteBuffer b, int expected, String kind) {
        if (b.remaining() < 4) {
            throw new DataException("IDX file " + file + " is truncated: " + b.remaining()
                    + " bytes, too short for the 4-byte magic number");
        }
        int magic = b.getInt(0);
        if (magic != expected) {
            throw new DataException(String.format("IDX file %s has magic 0x%08x, expected 0x%08x (%s of unsigned bytes)",
                    file, magic, expected, kind));
        }
        b.position(4);
    }

    private static int dimension(Path file, ByteBuffer b, String what) {
        if (b.remaining() < 4) {
            throw new DataException("IDX file " + file + " is truncated in its header: no " + what);
        }
        int d = b.getInt();
        if (d < 0) {
            throw new DataException("IDX file " + file + " has a negative " + what + ": " + d);
        }
        return d;
    }

    private static void checkLength(Path file, ByteBuffer b, long expected, String what) {
        if (expected > Integer.MAX_VALUE) {
            throw new DataException("IDX file " + file + " declares " + what + ", too large to hold in memory");
        }
        if (b.limit() < expected) {
            throw new DataException("IDX file " + file + " is truncated: header declares " + what + " = "
                    + expected + " bytes, but the file holds only " + b.limit());
        }
        if (b.limit() > expected) {
            throw new DataException("IDX file " + file + " has " + (b.limit() - expected)
                    + " unexpected trailing bytes: header declares " + what + " = " + expected + " bytes, the file holds " + b.limit());
        }
    }
}
