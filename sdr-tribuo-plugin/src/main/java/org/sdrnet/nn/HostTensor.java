package org.sdrnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * A float32 tensor held in Java memory: shape plus row-major values. The device-independent form of weights
 * that crosses module boundaries (checkpoint → backbone → ONNX writer) without an engine.
 */
public record HostTensor(long[] shape, float[] values) {
    public HostTensor {
        shape = shape.clone();
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(shape));
        }
    }

    public static HostTensor of(NDArray a) {
        return new HostTensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray());
    }

    public NDArray toNDArray(NDManager manager) {
        return manager.create(values, new Shape(shape));
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
