package org.sdrnet.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.catalog.NpyReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A written {@code .npy} has the format's header and reads back exactly (through the project's own reader). */
class NpyWriterTest {
    @Test
    void aFloatMatrixReadsBackWithItsShapeAndValues(@TempDir Path dir) {
        float[][] rows = {{1.5f, -2f, 3.25e-7f}, {Float.MAX_VALUE, 0f, -0f}};
        byte[] bytes = NpyWriter.float32(rows, 3);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "the data starts on a 64-byte boundary");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }") && header.endsWith("\n"), header);

        Path file = dir.resolve("m.npy");
        AtomicFiles.writeBytes(file, bytes);
        NpyReader.NpyArray a = NpyReader.read(file);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1.5, -2, 3.25e-7f, Float.MAX_VALUE, 0, -0.0}, a.data());
    }

    @Test
    void emptyAndRaggedInput() {
        assertTrue(new String(NpyWriter.float32(new float[0][], 4), StandardCharsets.US_ASCII).contains("'shape': (0, 4)"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.float32(new float[][] {{1f, 2f}, {3f}}, 2));
        assertEquals("row 1 has 1 values, not 2", e.getMessage());
    }
}
