package org.sdrnet.onnx;

import ai.onnx.proto.OnnxMl;
import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ONNX operators our backbones (convolutional and transformer) need, which Tribuo's own {@code ONNXOperators} (linear models and
 * trees) lacks. Plugs into Tribuo's {@code ONNXContext} through the public {@link ONNXOperator} interface. Signatures
 * follow ONNX opset {@value #OPSET}, the opset Tribuo 4.3 writes, so one model mixes both enums under one
 * {@code opset_import}. Add a constant when a new spec needs another operator.
 */
public enum VisionOperator implements ONNXOperator {
    /**
     * 2-D convolution {@code (X, W[, B])}; attributes {@code kernel_shape}, {@code strides}, {@code pads}
     * (begin and end of each spatial axis), {@code dilations}, {@code group}.
     */
    CONV("Conv", 2, 1, 1,
            attr("auto_pad", OnnxMl.AttributeProto.AttributeType.STRING),
            attr("dilations", OnnxMl.AttributeProto.AttributeType.INTS),
            attr("group", OnnxMl.AttributeProto.AttributeType.INT),
            attr("kernel_shape", OnnxMl.AttributeProto.AttributeType.INTS),
            attr("pads", OnnxMl.AttributeProto.AttributeType.INTS),
            attr("strides", OnnxMl.AttributeProto.AttributeType.INTS)),
    /** Inference-mode BatchNorm {@code (X, scale, B, mean, var)}; attributes {@code epsilon}, {@code momentum}. */
    BATCH_NORMALIZATION("BatchNormalization", 5, 0, 1,
            attr("epsilon", OnnxMl.AttributeProto.AttributeType.FLOAT),
            attr("momentum", OnnxMl.AttributeProto.AttributeType.FLOAT)),
    /** {@code max(x, 0)} element-wise. */
    RELU("Relu", 1, 0, 1),
    /** Element-wise addition with broadcasting (the residual join). */
    ADD("Add", 2, 0, 1),
    /** Mean over all spatial positions: {@code [N, C, H, W] → [N, C, 1, 1]}. */
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 0, 1),
    /** Collapses the axes from {@code axis} on into one: {@code [N, C, 1, 1] → [N, C]} with axis 1. */
    FLATTEN("Flatten", 1, 0, 1,
            attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** {@code (data, shape)} with an int64 shape tensor; {@code -1} infers one axis, {@code 0} copies it. */
    RESHAPE("Reshape", 2, 0, 1),
    /** {@code alpha·A·B + beta·C} with optional transposes: a fully connected layer or head. */
    GEMM("Gemm", 2, 1, 1,
            attr("alpha", OnnxMl.AttributeProto.AttributeType.FLOAT),
            attr("beta", OnnxMl.AttributeProto.AttributeType.FLOAT),
            attr("transA", OnnxMl.AttributeProto.AttributeType.INT),
            attr("transB", OnnxMl.AttributeProto.AttributeType.INT)),
    // transformer operators (opset 13 has no LayerNormalization or Gelu: both are written out from these)
    /** Matrix product with numpy broadcasting over leading axes: {@code [.., n, k]·[.., k, m]}. */
    MATMUL("MatMul", 2, 0, 1),
    /** Axis permutation {@code perm}. */
    TRANSPOSE("Transpose", 1, 0, 1,
            attr("perm", OnnxMl.AttributeProto.AttributeType.INTS)),
    /** Softmax along {@code axis} (opset 13: that axis alone). */
    SOFTMAX("Softmax", 1, 0, 1,
            attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Joins two tensors along {@code axis}. */
    CONCAT("Concat", 2, 0, 1,
            attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Broadcasts {@code (input, shape)} to the int64 {@code shape}. */
    EXPAND("Expand", 2, 0, 1),
    /** The shape of a tensor as an int64 vector. */
    SHAPE("Shape", 1, 0, 1),
    /** {@code (data, indices)}: picks entries of {@code axis}; a scalar index drops the axis. */
    GATHER("Gather", 2, 0, 1,
            attr("axis", OnnxMl.AttributeProto.AttributeType.INT)),
    /** {@code (data, starts, ends[, axes, steps])} with int64 vectors. */
    SLICE("Slice", 3, 2, 1),
    /** Mean over {@code axes} (opset 13: an attribute), keeping them when {@code keepdims} is 1. */
    REDUCE_MEAN("ReduceMean", 1, 0, 1,
            attr("axes", OnnxMl.AttributeProto.AttributeType.INTS),
            attr("keepdims", OnnxMl.AttributeProto.AttributeType.INT)),
    /** Element-wise subtraction with broadcasting. */
    SUB("Sub", 2, 0, 1),
    /** Element-wise product with broadcasting. */
    MUL("Mul", 2, 0, 1),
    /** Element-wise division with broadcasting. */
    DIV("Div", 2, 0, 1),
    /** Element-wise square root. */
    SQRT("Sqrt", 1, 0, 1),
    /** Element-wise Gauss error function (for the exact GELU). */
    ERF("Erf", 1, 0, 1);

    /** The ONNX opset these signatures follow (equal to Tribuo 4.3's {@code ONNXOperators.getOpsetVersion()}). */
    public static final int OPSET = 13;

    private final String opName;
    private final int numInputs;
    private final int numOptionalInputs;
    private final int numOutputs;
    private final Map<String, ONNXAttribute> attributes;

    VisionOperator(String opName, int numInputs, int numOptionalInputs, int numOutputs, ONNXAttribute... attributes) {
        this.opName = opName;
        this.numInputs = numInputs;
        this.numOptionalInputs = numOptionalInputs;
        this.numOutputs = numOutputs;
        Map<String, ONNXAttribute> m = new LinkedHashMap<>();
        for (ONNXAttribute a : attributes) {
            m.put(a.getName(), a);
        }
        this.attributes = Collections.unmodifiableMap(m);
    }

    /** Every attribute here is optional in ONNX (each has a default), so none is declared mandatory. */
    private static ONNXAttribute attr(String name, OnnxMl.AttributeProto.AttributeType type) {
        return new ONNXAttribute(name, type, false);
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return numOptionalInputs;
    }

    @Override
    public int getNumOutputs() {
        return numOutputs;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return attributes;
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return attributes.values().stream().filter(ONNXAttribute::isMandatory).map(ONNXAttribute::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public int getOpVersion() {
        return OPSET;
    }

    /** {@code null}: the default ONNX domain, so nodes carry no domain (as with Tribuo's standard operators). */
    @Override
    public String getOpDomain() {
        return null;
    }

    /** The default-domain opset import (the interface's default would fail on the null domain). */
    @Override
    public OnnxMl.OperatorSetIdProto opsetProto() {
        return OnnxMl.OperatorSetIdProto.newBuilder().setVersion(OPSET).build();
    }
}
