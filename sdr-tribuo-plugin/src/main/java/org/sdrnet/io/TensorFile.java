package org.sdrnet.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A file of named float32 tensors: magic {@code SDRT}, version, count, then per tensor its name, shape and
 * little-endian floats. Device-independent and readable without DJL's own parameter format, so checkpoints
 * written on a GPU load on a CPU. Truncated or foreign files fail with the file's name.
 */
public final class TensorFile {
    private static final int MAGIC = 0x53445254; // "SDRT"
    private static final int VERSION = 1;

    private TensorFile() {
    }

    /** Writes {@code tensors} to {@code file} (callers write into a temporary directory and rename it). */
    public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(tensors.size());
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().getShape().getShape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                float[] values = e.getValue().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(values);
                out.writeInt(values.length);
                out.write(buf.array());
            }
        }
    }

    /** Reads every tensor of {@code file} onto {@code manager}'s device, in file order. */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("tensor file " + file + " does not exist");
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not an SDR tensor file (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has tensor-file version " + version + "; this build reads version " + VERSION);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                int n = in.readInt();
                if (n != new Shape(shape).size()) {
                    throw new IOException(file + ": tensor " + name + " has " + n + " values for shape " + new Shape(shape));
                }
                byte[] bytes = new byte[n * 4];
                in.readFully(bytes);
                float[] values = new float[n];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                tensors.put(name, manager.create(values, new Shape(shape)));
            }
        } catch (EOFException e) {
            throw new IOException(file + " is truncated (ended while reading tensor " + (tensors.size() + 1) + ")", e);
        }
        return tensors;
    }
}
