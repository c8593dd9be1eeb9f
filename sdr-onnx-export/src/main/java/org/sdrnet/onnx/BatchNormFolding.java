package org.sdrnet.onnx;

/**
 * Folds an inference-mode BatchNorm into the bias-free convolution before it:
 * {@code BN(W∗x) = (γ/√(σ²+ε))·W∗x + (β − μ·γ/√(σ²+ε))}, so the scaled weights plus a bias replace both layers.
 * Computed in double precision to keep the rounding of the folded weights below float resolution.
 */
final class BatchNormFolding {

    /** Folded convolution parameters: weights in the original layout and one bias per output channel. */
    record Folded(float[] weight, float[] bias) {
    }

    private BatchNormFolding() {
    }

    /**
     * @param weight conv weights {@code [out, …]} row-major, {@code out} blocks of equal size
     * @param gamma  BN scale per output channel
     * @param beta   BN shift
     * @param mean   BN running mean
     * @param var    BN running variance
     * @param eps    BN epsilon
     */
    static Folded fold(float[] weight, float[] gamma, float[] beta, float[] mean, float[] var, float eps) {
        int out = gamma.length;
        if (beta.length != out || mean.length != out || var.length != out || out == 0 || weight.length % out != 0) {
            throw new IllegalArgumentException("BatchNorm of " + out + " channels does not fit a convolution with "
                    + weight.length + " weights");
        }
        int per = weight.length / out;
        float[] w = new float[weight.length];
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt((double) var[o] + eps);
            for (int k = 0; k < per; k++) {
                w[o * per + k] = (float) (weight[o * per + k] * scale);
            }
            b[o] = (float) (beta[o] - mean[o] * scale);
        }
        return new Folded(w, b);
    }
}
