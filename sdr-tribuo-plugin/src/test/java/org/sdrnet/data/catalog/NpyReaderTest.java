package org.sdrnet.data.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sdrnet.data.DataException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheRealFacesArray() {
        NpyReader.NpyArray a = NpyReader.read(RealData.PATHS.set("skimage").resolve("lfw_subset.npy"));
        assertArrayEquals(new int[] {200, 25, 25}, a.shape());
        assertEquals(200 * 25 * 25, a.elementCount());
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : a.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1 && max > 0.9, "values in [0,1]: " + min + ".." + max);
    }

    @Test
    void readsVersionOneFloat32AndVersionTwoUint8() throws IOException {
        ByteBuffer f4 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(0.25f);
        NpyReader.NpyArray a = NpyReader.read(file("a.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", f4.array()));
        assertArrayEquals(new int[] {3}, a.shape());
        assertArrayEquals(new double[] {1.5, -2, 0.25}, a.data());

        NpyReader.NpyArray b = NpyReader.read(file("b.npy", 2, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }",
                new byte[] {0, 1, (byte) 200, (byte) 255}));
        assertArrayEquals(new int[] {2, 2}, b.shape());
        assertArrayEquals(new double[] {0, 1, 200, 255}, b.data());

        ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(3.25);
        assertArrayEquals(new double[] {3.25},
                NpyReader.read(file("c.npy", 1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", be.array())).data());
    }

    @Test
    void badMagicUnsupportedDtypeFortranOrderAndTruncationAreNamed() throws IOException {
        Path png = tmp.resolve("x.npy");
        Files.write(png, "PK\u0003\u0004 not numpy at all".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("NPY file " + png + " does not start with the magic \\x93NUMPY",
                assertThrows(DataException.class, () -> NpyReader.read(png)).getMessage());

        Path complex = file("c.npy", 1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]);
        assertEquals("NPY file " + complex + " has unsupported dtype '<c16'; supported: f8, f4, i8, i4, i2, i1, u2, u1"
                + " (little- or big-endian)", assertThrows(DataException.class, () -> NpyReader.read(complex)).getMessage());

        Path fortran = file("f.npy", 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", new byte[8]);
        assertEquals("NPY file " + fortran + " is in Fortran order; only C order is supported",
                assertThrows(DataException.class, () -> NpyReader.read(fortran)).getMessage());

        Path cut = file("t.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new byte[40]);
        assertEquals("NPY file " + cut + " is truncated: shape [2, 3] of '<f8' needs 48 data bytes, the file holds 40",
                assertThrows(DataException.class, () -> NpyReader.read(cut)).getMessage());

        Path missing = tmp.resolve("missing.npy");
        assertEquals("NPY file " + missing + " does not exist; fetch the data with scripts/fetch-data.sh",
                assertThrows(DataException.class, () -> NpyReader.read(missing)).getMessage());
    }

    /** Writes an NPY file of format version {@code major} with the header padded as NumPy does (to 64 bytes). */
    private Path file(String name, int major, String dict, byte[] data) throws IOException {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(dict);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) header.length);
        } else {
            b.putInt(header.length);
        }
        b.put(header).put(data);
        Path p = tmp.resolve(name);
        Files.write(p, b.array());
        return p;
    }
}
