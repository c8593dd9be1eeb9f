package org.sdrnet.onnx;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.sdrnet.nn.Backbone;
import org.sdrnet.nn.BackboneSpec;
import org.sdrnet.nn.ParameterBlock;
import org.sdrnet.runtime.OnnxBackboneRunner;
import org.sdrnet.runtime.OnnxRunnerSettings;

import java.util.Random;

/**
 * Runs the serialised model in ONNX Runtime (through the same {@link OnnxBackboneRunner} users will load the file
 * with) and the backbone in DJL on one seeded random NCHW batch, and returns the largest absolute difference of
 * their embeddings. Inputs are standard normal, the scale of normalised pixels.
 */
final class ExportVerifier {
    private ExportVerifier() {
    }

    /** Max |ONNX Runtime − DJL| over every embedding value of the batch; +∞ when an output is not finite. */
    static double maxAbsDifference(Backbone reference, byte[] model, String label, OnnxExportOptions options) {
        BackboneSpec spec = reference.spec();
        int n = options.verificationBatch();
        long[] shape = {n, spec.inChannels(), spec.imageSize(), spec.imageSize()};
        float[] input = new float[Math.toIntExact(shape[0] * shape[1] * shape[2] * shape[3])];
        Random random = new Random(options.verificationSeed());
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        float[] djl = djl(reference, input, shape);
        float[][] ort;
        try (OnnxBackboneRunner runner = OnnxBackboneRunner.fromBytes(model, label,
                OnnxRunnerSettings.DEFAULT.withBatchSize(n).withThreads(1, 1))) {
            ort = runner.features(input, shape);
        }
        int d = spec.featureDim();
        double max = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double diff = Math.abs((double) ort[i][j] - djl[i * d + j]);
                if (!Double.isFinite(diff)) {
                    return Double.POSITIVE_INFINITY;
                }
                max = Math.max(max, diff);
            }
        }
        return max;
    }

    /** The reference: the DJL block in inference mode (BatchNorm with running statistics) on CPU. */
    private static float[] djl(Backbone backbone, float[] input, long[] shape) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            ParameterBlock net = backbone.toDjl(manager);
            return net.forward(new ParameterStore(manager, false), new NDList(manager.create(input, new Shape(shape))), false)
                    .singletonOrThrow().toFloatArray();
        }
    }
}
