package org.sdrnet.checkpoint;

import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 identities of backbones, so a saved model can prove it is reopened with the very backbone it was trained
 * on. A DJL backbone is hashed over its spec and weights (names, shapes, float bits; not its free-form provenance,
 * which names paths that legitimately change); a backbone file (e.g. ONNX) over its bytes.
 */
public final class BackboneDigest {
    private BackboneDigest() {
    }

    public static String of(Backbone backbone) {
        MessageDigest md = sha256();
        md.update(backbone.spec().toString().getBytes(StandardCharsets.UTF_8));
        // sorted by name so the digest does not depend on map order
        for (Map.Entry<String, HostTensor> e : new TreeMap<>(backbone.weights()).entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            long[] shape = e.getValue().shape();
            ByteBuffer header = ByteBuffer.allocate(4 + 8 * shape.length);
            header.putInt(shape.length);
            for (long d : shape) {
                header.putLong(d);
            }
            md.update(header.array());
            float[] v = e.getValue().values();
            ByteBuffer values = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            values.asFloatBuffer().put(v);
            md.update(values.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String ofFile(Path file) {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash backbone file " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
