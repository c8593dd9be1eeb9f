package org.sdrnet.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operators the backbones do not use yet are still right: Reshape and Gemm against hand-computed values. */
class VisionOperatorTest {

    @Test
    void reshapeThenGemmComputesALinearLayer() throws Exception {
        // input [batch, 6] → Reshape [-1, 2, 3] → Reshape [-1, 6] → Gemm with W [2, 6] (transB) and bias
        ONNXContext ctx = new ONNXContext();
        ONNXPlaceholder in = ctx.floatInput("x", 6);
        ONNXPlaceholder out = ctx.floatOutput("y", 2);
        ONNXNode r1 = ctx.operation(VisionOperator.RESHAPE, List.of(in, ctx.array("shape3", new long[] {-1, 2, 3})), "r1", Map.of());
        ONNXNode r2 = ctx.operation(VisionOperator.RESHAPE, List.of(r1, ctx.array("shape2", new long[] {-1, 6})), "r2", Map.of());
        float[] w = {1, 0, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        ONNXNode y = ctx.operation(VisionOperator.GEMM, List.of(r2, ctx.floatTensor("w", List.of(2, 6), fb -> fb.put(w)),
                ctx.array("b", new float[] {10, 20})), "gemm", Map.of("transB", 1, "alpha", 2f));
        ctx.assignTo(y, out);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(8).addOpsetImport(VisionOperator.GEMM.opsetProto())
                .setGraph(ctx.buildGraph()).build();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6};
        try (OrtSession s = env.createSession(model.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 6});
             OrtSession.Result r = s.run(Map.of("x", t))) {
            float[][] got = (float[][]) r.get(0).getValue();
            // y = 2·x·Wᵀ + b
            assertArrayEquals(new float[] {2 * (1 + 6) + 10, 2 * 10.5f + 20}, got[0], 1e-5f);
            assertArrayEquals(new float[] {2 * (-7) + 10, 2 * -10.5f + 20}, got[1], 1e-5f);
        }
    }

    @Test
    void attributesAreCheckedAgainstTheOperatorSignature() {
        ONNXContext ctx = new ONNXContext();
        ONNXPlaceholder in = ctx.floatInput("x", 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.operation(VisionOperator.RELU, List.of(in), "r", Map.of("axis", 1)));
        assertTrue(e.getMessage().contains("Unexpected attribute"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ctx.operation(VisionOperator.ADD, List.of(in), "a", Map.of()));
        assertEquals(13, VisionOperator.CONV.opsetProto().getVersion());
        assertEquals("", VisionOperator.CONV.opsetProto().getDomain());
    }

    @Test
    void batchNormFoldingMatchesTheClosedForm() {
        // one output channel, two weights: BN(w·x) = γ(w·x − μ)/√(σ²+ε) + β
        float eps = 1e-5f;
        BatchNormFolding.Folded f = BatchNormFolding.fold(new float[] {2f, -1f}, new float[] {3f}, new float[] {0.5f},
                new float[] {1f}, new float[] {4f}, eps);
        double scale = 3 / Math.sqrt(4 + eps);
        assertArrayEquals(new float[] {(float) (2 * scale), (float) (-scale)}, f.weight(), 1e-6f);
        assertArrayEquals(new float[] {(float) (0.5 - scale)}, f.bias(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> BatchNormFolding.fold(new float[3], new float[2], new float[2],
                new float[2], new float[2], eps));
    }
}
