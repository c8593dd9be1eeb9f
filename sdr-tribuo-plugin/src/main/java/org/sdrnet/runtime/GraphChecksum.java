package org.sdrnet.runtime;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of the graph (weights and nodes) of a serialised ONNX model. The exporter records it in the metadata and
 * the runner recomputes it, because damage inside the weight bytes still parses as valid protobuf and would
 * silently change every feature. Works on the raw protobuf wire format, so the plugin needs no ONNX proto classes.
 */
public final class GraphChecksum {
    /** {@code graph} is field 7 of ONNX's {@code ModelProto}. */
    private static final int MODEL_GRAPH_FIELD = 7;

    private GraphChecksum() {
    }

    /** Hex SHA-256 of {@code bytes} (a serialised {@code GraphProto}). */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Hex SHA-256 of the graph field of the serialised model {@code model}.
     *
     * @throws OnnxModelException naming {@code source} when the model has no single graph field or cannot be read
     */
    public static String ofModel(byte[] model, String source) {
        byte[] graph = null;
        try {
            CodedInputStream in = CodedInputStream.newInstance(model);
            in.setSizeLimit(Integer.MAX_VALUE);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH_FIELD
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    if (graph != null) {
                        throw new OnnxModelException(source + ": the model holds more than one graph field");
                    }
                    graph = in.readByteArray();
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new OnnxModelException(source + ": the model bytes are not well-formed protobuf: " + e.getMessage(), e);
        }
        if (graph == null) {
            throw new OnnxModelException(source + ": the model has no graph");
        }
        return sha256(graph);
    }
}
