package org.sdrnet.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a matrix as a NumPy {@code .npy} file (format version 1.0, dtype {@code <f4}, C order, shape
 * {@code (rows, columns)}), so embeddings go to NumPy and every tool that reads it without a conversion step. The
 * header is the format's own: magic, version, a little-endian length and a Python dict literal padded with spaces to
 * a multiple of 64 bytes.
 */
public final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGN = 64;

    private NpyWriter() {
    }

    /**
     * The bytes of a float32 {@code .npy} file holding {@code rows} (each of {@code columns} values).
     *
     * @throws IllegalArgumentException when a row has another length than {@code columns}
     */
    public static byte[] float32(float[][] rows, int columns) {
        if (columns < 0) {
            throw new IllegalArgumentException("columns must not be negative, got " + columns);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + columns + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padded = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        long size = (long) padded + 4L * rows.length * columns;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows.length + " rows of " + columns + " floats do not fit in one array");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, not " + columns);
            }
            for (float v : rows[i]) {
                b.putFloat(v);
            }
        }
        return b.array();
    }
}
