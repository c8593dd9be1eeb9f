package org.sdrnet.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.HostTensor;
import org.sdrnet.nn.Transformer;
import org.sdrnet.nn.VitBackbone;
import org.sdrnet.nn.VitSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Vision Transformer exported by this library (the {@code onnx} exporter's ViT graph) back into a {@link Backbone}:
 * the spec from the file's SDR metadata ({@link OnnxBackboneMetadata}), the weights from the graph's initializers by the
 * names the exporter gives them. That is how an exported model serves again as a frozen base (TEC) without its
 * checkpoint. The export stores linear weights transposed ({@code <name>.weight_t}, [in, out]), the attention's
 * {@code qkv} as three {@code attn.q|k|v} layers, and the CLS token with its position embedding added
 * ({@code cls.pos}; the patch positions as {@code pos.patches}): the backbone read back has those put back into the DJL
 * layout, with {@code cls} = the stored sum and a zero CLS position, which computes the same features.
 * <p>
 * Works on the raw protobuf wire format, as {@link GraphChecksum} does, so the plugin needs no ONNX proto classes. A file
 * that is not an SDR export, not a ViT, or lacks a weight is an error naming the file and the problem.
 */
public final class OnnxVitReader {
    // ModelProto, GraphProto, TensorProto and StringStringEntryProto field numbers (onnx.proto3)
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_METADATA = 14;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int FLOAT = 1;

    private OnnxVitReader() {
    }

    /** True when {@code file} looks like an ONNX file by name ({@code .onnx}). */
    public static boolean isOnnxFile(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    /** The SDR metadata of {@code file} (any backbone kind): its spec, input normalisation, provenance. */
    public static OnnxBackboneMetadata metadata(Path file) {
        try {
            return OnnxBackboneMetadata.parse(parse(file).metadata, file.toString());
        } catch (OnnxModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The ViT exported in {@code file}, with provenance {@code onnx} = the file and the export's {@code sdr.source.*} facts.
     *
     * @throws IllegalArgumentException naming the file when it is unreadable, not an SDR export, not a ViT, or a weight is
     *                                  missing or misshapen
     */
    public static Backbone read(Path file) {
        Parsed p = parse(file);
        OnnxBackboneMetadata meta;
        try {
            meta = OnnxBackboneMetadata.parse(p.metadata, file.toString());
        } catch (OnnxModelException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!(meta.spec() instanceof VitSpec spec)) {
            throw new IllegalArgumentException(file + " holds " + meta.spec() + ", not a Vision Transformer");
        }
        Tensors t = new Tensors(p.initializers, file);
        Map<String, HostTensor> w = new LinkedHashMap<>();
        int d = spec.dim();
        int n = spec.numPatches();
        w.put(VitBackbone.PATCH + ".weight", t.get(VitBackbone.PATCH + ".weight", d, spec.inChannels(), spec.patchSize(), spec.patchSize()));
        w.put(VitBackbone.PATCH + ".bias", t.get(VitBackbone.PATCH + ".bias", d));
        w.put(VitBackbone.CLS, t.get("cls.pos", 1, 1, d));
        float[] pos = new float[(n + 1) * d];
        System.arraycopy(t.get("pos.patches", 1, n, d).values(), 0, pos, d, n * d); // CLS position 0: it is inside cls.pos
        w.put(VitBackbone.POS, new HostTensor(new long[] {1, n + 1, d}, pos));
        int m = spec.mlpDim();
        for (int i = 0; i < spec.depth(); i++) {
            String b = VitBackbone.block(i);
            norm(w, t, b + Transformer.NORM1, d);
            float[] qkvW = new float[3 * d * d];
            float[] qkvB = new float[3 * d];
            String[] parts = {"q", "k", "v"};
            for (int j = 0; j < 3; j++) {
                String name = b + ".attn." + parts[j];
                System.arraycopy(t.linearWeight(name, d, d), 0, qkvW, j * d * d, d * d);
                System.arraycopy(t.get(name + ".bias", d).values(), 0, qkvB, j * d, d);
            }
            w.put(b + Transformer.QKV + ".weight", new HostTensor(new long[] {3L * d, d}, qkvW));
            w.put(b + Transformer.QKV + ".bias", new HostTensor(new long[] {3L * d}, qkvB));
            linear(w, t, b + Transformer.PROJ, d, d);
            norm(w, t, b + Transformer.NORM2, d);
            linear(w, t, b + Transformer.FC1, m, d);
            linear(w, t, b + Transformer.FC2, d, m);
        }
        norm(w, t, VitBackbone.NORM, d);
        Map<String, String> prov = new LinkedHashMap<>();
        meta.source().forEach(prov::put);
        prov.put("onnx", file.toAbsolutePath().toString());
        return new Backbone(spec, w, prov);
    }

    private static void norm(Map<String, HostTensor> w, Tensors t, String prefix, int d) {
        w.put(prefix + ".gamma", t.get(prefix + ".gamma", d));
        w.put(prefix + ".beta", t.get(prefix + ".beta", d));
    }

    private static void linear(Map<String, HostTensor> w, Tensors t, String name, int out, int in) {
        w.put(name + ".weight", new HostTensor(new long[] {out, in}, t.linearWeight(name, out, in)));
        w.put(name + ".bias", t.get(name + ".bias", out));
    }

    /** The float initializers of a file by name, with shape checks that name the file. */
    private record Tensors(Map<String, HostTensor> all, Path file) {
        /**
         * The initializer called {@code name}, or {@code name_0}: Tribuo's {@code ONNXContext} makes every name unique by
         * appending {@code _<count>}, and the exporter uses each weight name once.
         */
        HostTensor get(String name, long... shape) {
            HostTensor h = all.containsKey(name) ? all.get(name) : all.get(name + "_0");
            if (all.containsKey(name + "_1")) {
                throw new IllegalArgumentException(file + ": the ViT weight '" + name + "' occurs more than once in the graph");
            }
            if (h == null) {
                throw new IllegalArgumentException(file + ": the ViT weight '" + name + "' is missing from the graph's initializers"
                        + " (not an export of this library's ViT?)");
            }
            if (!java.util.Arrays.equals(h.shape(), shape)) {
                throw new IllegalArgumentException(file + ": the ViT weight '" + name + "' has shape "
                        + java.util.Arrays.toString(h.shape()) + ", the spec needs " + java.util.Arrays.toString(shape));
            }
            return h;
        }

        /** A linear layer's weight [out, in] from its stored transpose {@code <name>.weight_t} [in, out]. */
        float[] linearWeight(String name, int out, int in) {
            float[] tr = get(name + ".weight_t", in, out).values();
            float[] w = new float[out * in];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    w[o * in + i] = tr[i * out + o];
                }
            }
            return w;
        }
    }

    private record Parsed(Map<String, String> metadata, Map<String, HostTensor> initializers) {
    }

    private static Parsed parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("ONNX file " + file + " does not exist");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, HostTensor> init = new LinkedHashMap<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(Files.readAllBytes(file));
            in.setSizeLimit(Integer.MAX_VALUE);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == MODEL_GRAPH && lengthDelimited(tag)) {
                    graph(in.readBytes(), init, file);
                } else if (field == MODEL_METADATA && lengthDelimited(tag)) {
                    entry(in.readBytes(), metadata);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a readable ONNX model: " + e.getMessage(), e);
        }
        return new Parsed(metadata, init);
    }

    private static boolean lengthDelimited(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static void graph(ByteString bytes, Map<String, HostTensor> out, Path file) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == GRAPH_INITIALIZER && lengthDelimited(tag)) {
                tensor(in.readBytes(), out, file);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static void entry(ByteString bytes, Map<String, String> out) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        String key = "";
        String value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> key = in.readStringRequireUtf8();
                case 2 -> value = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        out.put(key, value);
    }

    /** One TensorProto; only float tensors with their data inside the file are kept (others are graph constants). */
    private static void tensor(ByteString bytes, Map<String, HostTensor> out, Path file) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        List<Float> floats = new ArrayList<>();
        ByteString raw = null;
        String name = "";
        int type = 0;
        boolean external = false;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            boolean packed = lengthDelimited(tag);
            switch (field) {
                case TENSOR_DIMS -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case TENSOR_DATA_TYPE -> type = in.readInt32();
                case TENSOR_FLOAT_DATA -> {
                    if (packed) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case TENSOR_NAME -> name = in.readStringRequireUtf8();
                case TENSOR_RAW_DATA -> raw = in.readBytes();
                case TENSOR_DATA_LOCATION -> external = in.readInt32() == 1;
                default -> in.skipField(tag);
            }
        }
        if (type != FLOAT) {
            return;
        }
        if (external) {
            throw new IllegalArgumentException(file + ": initializer '" + name + "' keeps its data in an external file; "
                    + "this reader needs the weights inside the model");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        float[] values;
        if (raw != null) {
            ByteBuffer bb = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            values = new float[raw.size() / Float.BYTES];
            bb.asFloatBuffer().get(values);
        } else {
            values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        if (values.length != size) {
            throw new IllegalArgumentException(file + ": initializer '" + name + "' holds " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        out.put(name, new HostTensor(shape, values));
    }
}
