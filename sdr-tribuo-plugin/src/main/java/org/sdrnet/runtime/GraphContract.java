package org.sdrnet.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.util.Arrays;
import java.util.Map;

/**
 * Checks that a session's graph really has the input and output its metadata promises: one float input
 * {@code [batch, C, H, W]} and a float output {@code [batch, D]} with the declared names and sizes. A file whose
 * metadata was edited, or that was built by another tool with copied metadata, fails here rather than mid-run.
 */
final class GraphContract {
    private GraphContract() {
    }

    static void check(OrtSession session, OnnxBackboneMetadata m, String source) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1 || !inputs.containsKey(m.inputName())) {
                throw new OnnxModelException(source + ": expected one graph input named '" + m.inputName() + "', found "
                        + inputs.keySet());
            }
            long[] wanted = {-1, m.channels(), m.imageSize(), m.imageSize()};
            long[] in = floatShape(inputs.get(m.inputName()), source, "input");
            if (in.length != 4 || in[1] != m.channels() || in[2] != m.imageSize() || in[3] != m.imageSize()) {
                throw new OnnxModelException(source + ": graph input shape " + Arrays.toString(in) + " does not match the metadata "
                        + Arrays.toString(wanted) + " (" + m.channels() + " channels of " + m.imageSize() + "x" + m.imageSize() + ")");
            }
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            NodeInfo outInfo = outputs.get(m.outputName());
            if (outInfo == null) {
                throw new OnnxModelException(source + ": graph has no output named '" + m.outputName() + "', found " + outputs.keySet());
            }
            long[] out = floatShape(outInfo, source, "output");
            if (out.length != 2 || out[1] != m.embeddingDim()) {
                throw new OnnxModelException(source + ": graph output shape " + Arrays.toString(out)
                        + " does not match the metadata embedding width " + m.embeddingDim());
            }
        } catch (OrtException e) {
            throw new OnnxModelException(source + ": cannot read the graph's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static long[] floatShape(NodeInfo info, String source, String what) {
        if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
            throw new OnnxModelException(source + ": graph " + what + " '" + info.getName() + "' is not a float tensor: " + info.getInfo());
        }
        return t.getShape();
    }
}
