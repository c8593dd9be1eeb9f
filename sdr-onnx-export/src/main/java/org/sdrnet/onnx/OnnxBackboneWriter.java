package org.sdrnet.onnx;

import ai.onnx.proto.OnnxMl;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.ResNetSpec;
import org.sdrnet.nn.Layers;
import org.sdrnet.nn.ResNetNames;
import org.sdrnet.runtime.GraphChecksum;
import org.sdrnet.runtime.OnnxBackboneMetadata;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperator;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Backbone} as an ONNX model, node for node what its DJL block computes in inference mode. A Vision
 * Transformer is written by {@link VitGraph}; a ResNet here, as {@code ResNetBackbone.forward} computes it: stem conv3×3-BN-ReLU; per residual unit conv3×3(stride s)-BN-ReLU-conv3×3-BN plus an identity or
 * conv1×1(stride s)-BN shortcut, Add, ReLU; then GlobalAveragePool and Flatten to {@code embedding [batch, D]}.
 * The input is {@code input [batch, C, H, W]} (NCHW float, batch dimension symbolic). Tribuo's {@code ONNXContext}
 * only declares {@code [batch, n]} inputs, so the writer replaces the declared input type with the 4-D one.
 * <p>
 * BatchNorm is written as {@code BatchNormalization} nodes or folded into the convolutions
 * ({@link OnnxExportOptions#foldBatchNorm()}). Writing does not verify: {@link OnnxExport} does.
 */
public final class OnnxBackboneWriter {
    /** ONNX IR version 8 (ONNX 1.10): old enough for every ONNX Runtime that runs opset 13. */
    static final long IR_VERSION = 8;
    static final String PRODUCER = "sdr-tribuo";

    private final boolean foldBatchNorm;

    public OnnxBackboneWriter(boolean foldBatchNorm) {
        this.foldBatchNorm = foldBatchNorm;
    }

    /**
     * The model of {@code backbone} with {@code metadataProps} plus the graph checksum as its {@code metadata_props}.
     *
     * @throws IllegalArgumentException when the weights do not match the spec (missing, misshapen or extra names)
     */
    public OnnxMl.ModelProto write(Backbone backbone, Map<String, String> metadataProps, String producerVersion) {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion)
                .setDomain("org.sdrnet")
                .setModelVersion(1)
                .setDocString("SDR backbone " + backbone.spec() + ": NCHW float input, embedding output")
                .addOpsetImport(VisionOperator.CONV.opsetProto())
                .setGraph(graph(backbone))
                .build();
        return withMetadata(model, metadataProps);
    }

    /**
     * {@code model} with its {@code metadata_props} replaced by {@code metadataProps} plus
     * {@value OnnxBackboneMetadata#GRAPH_SHA256_KEY}, the checksum of its graph that the runner checks.
     */
    public static OnnxMl.ModelProto withMetadata(OnnxMl.ModelProto model, Map<String, String> metadataProps) {
        Map<String, String> props = new LinkedHashMap<>(metadataProps);
        props.put(OnnxBackboneMetadata.GRAPH_SHA256_KEY, GraphChecksum.sha256(model.getGraph().toByteArray()));
        OnnxMl.ModelProto.Builder b = model.toBuilder().clearMetadataProps();
        props.forEach((k, v) -> b.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    /** The graph alone: initializers, nodes, the NCHW input and the {@code embedding} output. */
    OnnxMl.GraphProto graph(Backbone backbone) {
        BackboneSpec spec = backbone.spec();
        BackboneWeights w = new BackboneWeights(backbone.weights(), "backbone " + spec.name());
        int c = spec.inChannels();
        int s = spec.imageSize();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("sdr_backbone_" + spec.name());
        ONNXPlaceholder input = ctx.floatInput(OnnxBackboneMetadata.DEFAULT_INPUT, c * s * s);
        ONNXPlaceholder output = ctx.floatOutput(OnnxBackboneMetadata.DEFAULT_OUTPUT, spec.featureDim());
        ONNXRef<?> embedding = spec.<ONNXRef<?>>fold(r -> resNet(ctx, w, input, r), v -> new VitGraph(ctx, w, v).embedding(input));
        ctx.assignTo(embedding, output);
        w.requireAllTaken();
        return withNchwInput(ctx.buildGraph(), c, s);
    }

    /** The ResNet's nodes from the input to the pooled feature. */
    private ONNXRef<?> resNet(ONNXContext ctx, BackboneWeights w, ONNXPlaceholder input, ResNetSpec spec) {
        int c = spec.inChannels();
        int[] widths = spec.widths();
        ONNXRef<?> x = relu(ctx, convBn(ctx, w, input, ResNetNames.STEM + ".conv", ResNetNames.STEM + ".bn", widths[0], c, 3, 1),
                ResNetNames.STEM);
        int in = widths[0];
        for (ResNetNames.Unit u : ResNetNames.units(spec)) {
            String p = u.prefix();
            ONNXRef<?> y = relu(ctx, convBn(ctx, w, x, p + ".conv1", p + ".bn1", u.out(), in, 3, u.stride()), p + ".relu1");
            y = convBn(ctx, w, y, p + ".conv2", p + ".bn2", u.out(), u.out(), 3, 1);
            ONNXRef<?> shortcut = u.hasShortcutConv()
                    ? convBn(ctx, w, x, p + ".down.conv", p + ".down.bn", u.out(), in, 1, u.stride())
                    : x;
            x = relu(ctx, op(ctx, VisionOperator.ADD, List.of(y, shortcut), p + ".add", Map.of()), p + ".relu2");
            in = u.out();
        }
        ONNXNode pooled = op(ctx, VisionOperator.GLOBAL_AVERAGE_POOL, List.of(x), "pool", Map.of());
        return op(ctx, VisionOperator.FLATTEN, List.of(pooled), "flatten", Map.of("axis", 1));
    }

    /** A convolution (no bias, "same" padding) followed by its BatchNorm, or the folded equivalent. */
    private ONNXRef<?> convBn(ONNXContext ctx, BackboneWeights w, ONNXRef<?> x, String conv, String bn,
                              int out, int in, int k, int stride) {
        float[] weight = w.take(conv + ".weight", out, in, k, k);
        float[] gamma = w.take(bn + ".gamma", out);
        float[] beta = w.take(bn + ".beta", out);
        float[] mean = w.take(bn + ".runningMean", out);
        float[] var = w.take(bn + ".runningVar", out);
        int pad = k / 2;
        Map<String, Object> attrs = Map.of("kernel_shape", new int[] {k, k}, "strides", new int[] {stride, stride},
                "pads", new int[] {pad, pad, pad, pad});
        List<Integer> dims = List.of(out, in, k, k);
        if (foldBatchNorm) {
            BatchNormFolding.Folded f = BatchNormFolding.fold(weight, gamma, beta, mean, var, Layers.BN_EPS);
            return op(ctx, VisionOperator.CONV, List.of(x, tensor(ctx, conv + ".weight", dims, f.weight()),
                    tensor(ctx, conv + ".bias", List.of(out), f.bias())), conv, attrs);
        }
        ONNXNode y = op(ctx, VisionOperator.CONV, List.of(x, tensor(ctx, conv + ".weight", dims, weight)), conv, attrs);
        return op(ctx, VisionOperator.BATCH_NORMALIZATION, List.of(y, tensor(ctx, bn + ".gamma", List.of(out), gamma),
                tensor(ctx, bn + ".beta", List.of(out), beta), tensor(ctx, bn + ".runningMean", List.of(out), mean),
                tensor(ctx, bn + ".runningVar", List.of(out), var)), bn, Map.of("epsilon", Layers.BN_EPS));
    }

    private static ONNXNode relu(ONNXContext ctx, ONNXRef<?> x, String name) {
        return op(ctx, VisionOperator.RELU, List.of(x), name + ".relu", Map.of());
    }

    static ONNXNode op(ONNXContext ctx, ONNXOperator op, List<? extends ONNXRef<?>> inputs, String name,
                               Map<String, Object> attrs) {
        return ctx.operation(op, new ArrayList<>(inputs), name, attrs);
    }

    static ONNXInitializer tensor(ONNXContext ctx, String name, List<Integer> dims, float[] values) {
        return ctx.floatTensor(name, dims, fb -> fb.put(values));
    }

    /** Replaces the {@code [batch, C·H·W]} input Tribuo declared with {@code [batch, C, H, W]}. */
    private static OnnxMl.GraphProto withNchwInput(OnnxMl.GraphProto graph, int channels, int size) {
        OnnxMl.ValueInfoProto declared = graph.getInput(0);
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : new long[] {channels, size, size}) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return graph.toBuilder().setInput(0, declared.toBuilder().setType(type)).build();
    }

    @Override
    public String toString() {
        return "OnnxBackboneWriter[BN " + (foldBatchNorm ? "folded" : "separate") + ", opset " + VisionOperator.OPSET + "]";
    }
}
