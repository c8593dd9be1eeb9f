package org.sdrnet.data.catalog;

import org.sdrnet.data.DataException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} arrays (format versions 1.0, 2.0 and 3.0, C order) into a shape and a
 * {@code double[]}, so data sets shipped as NumPy files (the FACES set) need no Python. Supported dtypes:
 * {@code f8}, {@code f4}, {@code i8}, {@code i4}, {@code i2}, {@code i1}, {@code u2}, {@code u1}, little- or big-endian.
 * A bad magic, an unsupported dtype, Fortran order or a truncated file is a {@link DataException} naming the file.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /** An n-dimensional array in C (row-major) order. */
    public record NpyArray(int[] shape, double[] data) {
        /** Number of elements: the product of the shape (1 for a scalar). */
        public int elementCount() {
            return data.length;
        }
    }

    /** Reads {@code file}. */
    public static NpyArray read(Path file) {
        return parse(file, DataFiles.read(file, "NPY file"));
    }

    static NpyArray parse(Path file, byte[] raw) {
        if (raw.length < 10 || !Arrays.equals(Arrays.copyOf(raw, 6), MAGIC)) {
            throw new DataException("NPY file " + file + " does not start with the magic \\x93NUMPY");
        }
        int major = raw[6] & 0xFF;
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (raw.length < 12) {
                throw new DataException("NPY file " + file + " is truncated in its header");
            }
            headerLen = b.getInt(8) & 0xFFFFFFFFL;
            headerStart = 12;
        } else {
            throw new DataException("NPY file " + file + " has format version " + major + "." + (raw[7] & 0xFF)
                    + "; supported: 1.0, 2.0, 3.0");
        }
        if (headerStart + headerLen > raw.length) {
            throw new DataException("NPY file " + file + " is truncated: header of " + headerLen
                    + " bytes but only " + (raw.length - headerStart) + " follow");
        }
        String header = new String(raw, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = field(file, header, DESCR, "descr");
        if (field(file, header, FORTRAN, "fortran_order").equals("True")) {
            throw new DataException("NPY file " + file + " is in Fortran order; only C order is supported");
        }
        int[] shape = shape(file, field(file, header, SHAPE, "shape"));
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        Dtype dtype = Dtype.of(file, descr);
        long dataStart = headerStart + headerLen;
        long expected = count * dtype.size;
        if (count > Integer.MAX_VALUE || expected > Integer.MAX_VALUE) {
            throw new DataException("NPY file " + file + " holds " + count + " elements, too many to read into memory");
        }
        long actual = raw.length - dataStart;
        if (actual < expected) {
            throw new DataException("NPY file " + file + " is truncated: shape " + Arrays.toString(shape) + " of '"
                    + descr + "' needs " + expected + " data bytes, the file holds " + actual);
        }
        b.order(dtype.order).position((int) dataStart);
        double[] data = new double[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = dtype.next(b);
        }
        return new NpyArray(shape, data);
    }

    private static String field(Path file, String header, Pattern p, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new DataException("NPY file " + file + " has no '" + name + "' in its header: " + header.strip());
        }
        return m.group(1);
    }

    private static int[] shape(Path file, String text) {
        String[] parts = text.split(",");
        return Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty()).mapToInt(s -> {
            try {
                return Integer.parseInt(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
            } catch (NumberFormatException e) {
                throw new DataException("NPY file " + file + " has a bad shape (" + text + ")");
            }
        }).toArray();
    }

    /** The element types this reader understands, with their byte order. */
    private enum Kind { F8, F4, I8, I4, I2, I1, U2, U1 }

    private record Dtype(Kind kind, int size, ByteOrder order) {
        static Dtype of(Path file, String descr) {
            if (descr.length() == 3) {
                char endian = descr.charAt(0);
                ByteOrder order = endian == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                String type = descr.substring(1);
                boolean endianOk = endian == '<' || endian == '>' || endian == '|' || endian == '=';
                Kind kind = switch (type) {
                    case "f8" -> Kind.F8;
                    case "f4" -> Kind.F4;
                    case "i8" -> Kind.I8;
                    case "i4" -> Kind.I4;
                    case "i2" -> Kind.I2;
                    case "i1" -> Kind.I1;
                    case "u2" -> Kind.U2;
                    case "u1" -> Kind.U1;
                    default -> null;
                };
                if (kind != null && endianOk) {
                    // '=' is native order, little-endian on every platform we run on.
                    return new Dtype(kind, type.charAt(1) - '0', order);
                }
            }
            throw new DataException("NPY file " + file + " has unsupported dtype '" + descr
                    + "'; supported: f8, f4, i8, i4, i2, i1, u2, u1 (little- or big-endian)");
        }

        double next(ByteBuffer b) {
            return switch (kind) {
                case F8 -> b.getDouble();
                case F4 -> b.getFloat();
                case I8 -> b.getLong();
                case I4 -> b.getInt();
                case I2 -> b.getShort();
                case I1 -> b.get();
                case U2 -> b.getShort() & 0xFFFF;
                case U1 -> b.get() & 0xFF;
            };
        }
    }
}
