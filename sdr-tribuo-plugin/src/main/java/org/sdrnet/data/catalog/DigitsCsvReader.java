package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;
import org.sdrnet.data.ImageResize;
import org.sdrnet.data.ImageSet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads scikit-learn's {@code digits.csv.gz} (DIGITS8): one row per image, 64 pixel values 0..16 (8×8,
 * row-major) then the digit label. Each image is scaled to 0..255, upsampled bilinearly 8→28 (the MNIST
 * digit size) and padded with black to 32×32, so it lines up with the padded MNIST images of the pool.
 * Plain or gzip CSV is accepted (detected by the gzip signature).
 */
public final class DigitsCsvReader {
    /** Class names of the digit sets: "0".."9". */
    public static final List<String> DIGIT_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static final int SIDE = 8;
    private static final int UPSAMPLED = 28;

    private DigitsCsvReader() {
    }

    /** Reads the file into a labeled 1-channel 32×32 set named {@code name}. */
    public static ImageSet read(String name, Path file) {
        List<String> lines = lines(file);
        int size = ImageSet.DEFAULT_SIZE;
        int per = size * size;
        byte[] pixels = new byte[lines.size() * per];
        int[] labels = new int[lines.size()];
        int n = 0;
        for (int row = 0; row < lines.size(); row++) {
            String line = lines.get(row).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != SIDE * SIDE + 1) {
                throw new DataException(file + " line " + (row + 1) + ": expected " + (SIDE * SIDE + 1)
                        + " comma-separated values (64 pixels and a label), found " + cells.length);
            }
            float[] img = new float[SIDE * SIDE];
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) (value(file, row, cells[i], 16) * 255.0 / 16.0);
            }
            labels[n] = (int) value(file, row, cells[SIDE * SIDE], 9);
            float[] up = ImageResize.resize(img, 1, SIDE, SIDE, UPSAMPLED, UPSAMPLED);
            ImageResize.toBytes(ImageResize.pad(up, 1, UPSAMPLED, UPSAMPLED, size, 0f), pixels, n * per);
            n++;
        }
        if (n == 0) {
            throw new DataException(file + " holds no rows of digits");
        }
        return ImageSet.labeled(name, 1, size, java.util.Arrays.copyOf(pixels, n * per),
                java.util.Arrays.copyOf(labels, n), DIGIT_CLASSES);
    }

    /** An integer cell in 0..max, also accepted in float notation ("16.0") as some exports write it. */
    private static double value(Path file, int row, String cell, int max) {
        double v;
        try {
            v = Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw new DataException(file + " line " + (row + 1) + ": '" + cell + "' is not a number");
        }
        if (v < 0 || v > max || v != Math.rint(v)) {
            throw new DataException(file + " line " + (row + 1) + ": value " + cell + " is not an integer in 0.." + max);
        }
        return v;
    }

    private static List<String> lines(Path file) {
        return new String(DataFiles.readInflated(file, "digits file"), StandardCharsets.US_ASCII).lines().toList();
    }
}
