package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;
import org.sdrnet.data.ImageSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitsCsvReaderTest {
    static final int[] DIGITS_PER_CLASS = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};

    @TempDir
    Path tmp;

    @Test
    void realFileHas1797DigitsWithKnownHistogram() {
        ImageSet d = DigitsCsvReader.read("digits8", RealData.PATHS.set("digits8").resolve("digits.csv.gz"));
        assertEquals(1797, d.size());
        assertEquals(1, d.channels());
        assertEquals(32, d.imageSize());
        assertArrayEquals(DIGITS_PER_CLASS, d.classHistogram());
        assertEquals(DigitsCsvReader.DIGIT_CLASSES, d.classNames());
        // Padding: the 2-pixel frame is black; strokes reach full white (16 -> 255).
        int max = 0;
        for (int i = 0; i < d.size(); i++) {
            for (int k = 0; k < 32; k++) {
                assertEquals(0, d.pixel(i, 0, 0, k) + d.pixel(i, 0, 31, k) + d.pixel(i, 0, k, 1) + d.pixel(i, 0, k, 30));
            }
            max = Math.max(max, d.pixel(i, 0, 16, 16));
        }
        assertEquals(255, max);
    }

    @Test
    void constantImageUpsamplesToConstantInterior() throws IOException {
        String row = String.join(",", Collections.nCopies(64, "8")) + ",3";
        Path f = tmp.resolve("one.csv");
        Files.writeString(f, row + "\n");
        ImageSet d = DigitsCsvReader.read("one", f);
        assertEquals(1, d.size());
        assertEquals(3, d.label(0));
        for (int y = 2; y < 30; y++) {
            for (int x = 2; x < 30; x++) {
                assertEquals(128, d.pixel(0, 0, y, x)); // 8/16*255 = 127.5 rounds to 128
            }
        }
        assertEquals(0, d.pixel(0, 0, 1, 1));
    }

    @Test
    void badRowsNameFileAndLine() throws IOException {
        Path shortRow = tmp.resolve("short.csv");
        Files.writeString(shortRow, "1,2,3\n");
        assertEquals(shortRow + " line 1: expected 65 comma-separated values (64 pixels and a label), found 3",
                assertThrows(DataException.class, () -> DigitsCsvReader.read("x", shortRow)).getMessage());

        Path outOfRange = tmp.resolve("range.csv");
        Files.writeString(outOfRange, String.join(",", Collections.nCopies(64, "0")) + ",1\n"
                + String.join(",", Collections.nCopies(63, "0")) + ",17,1\n");
        assertEquals(outOfRange + " line 2: value 17 is not an integer in 0..16",
                assertThrows(DataException.class, () -> DigitsCsvReader.read("x", outOfRange)).getMessage());

        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "\n");
        assertTrue(assertThrows(DataException.class, () -> DigitsCsvReader.read("x", empty)).getMessage()
                .equals(empty + " holds no rows of digits"));
    }
}
