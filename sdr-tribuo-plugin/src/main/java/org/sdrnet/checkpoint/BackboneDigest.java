package org.sdrnet.checkpoint;

import org.sdrnet.io.Sha256;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
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
        MessageDigest md = Sha256.digest();
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
        return Sha256.ofFile(file);
    }
}
