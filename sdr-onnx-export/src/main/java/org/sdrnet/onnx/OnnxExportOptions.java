package org.sdrnet.onnx;

/**
 * Settings of one ONNX export.
 *
 * @param foldBatchNorm      fold each inference-mode BatchNorm into the convolution before it (fewer nodes, same
 *                           function up to float rounding); {@code false} keeps {@code BatchNormalization} nodes,
 *                           which mirror the DJL block one to one
 * @param tolerance          largest accepted max |ONNX Runtime − DJL| on the verification batch (design: 1e-4)
 * @param verificationBatch  images in the seeded random verification batch
 * @param verificationSeed   seed of that batch, so a refused export can be reproduced
 */
public record OnnxExportOptions(boolean foldBatchNorm, double tolerance, int verificationBatch, long verificationSeed) {

    /** BN folded, tolerance 1e-4, 8 verification images, seed 17. */
    public static final OnnxExportOptions DEFAULT = new OnnxExportOptions(true, 1e-4, 8, 17L);

    public OnnxExportOptions {
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("verification tolerance must be positive and finite, got " + tolerance);
        }
        if (verificationBatch <= 0) {
            throw new IllegalArgumentException("verification batch must be positive, got " + verificationBatch);
        }
    }

    public OnnxExportOptions withFoldBatchNorm(boolean fold) {
        return new OnnxExportOptions(fold, tolerance, verificationBatch, verificationSeed);
    }

    public OnnxExportOptions withTolerance(double t) {
        return new OnnxExportOptions(foldBatchNorm, t, verificationBatch, verificationSeed);
    }

    public OnnxExportOptions withVerification(int batch, long seed) {
        return new OnnxExportOptions(foldBatchNorm, tolerance, batch, seed);
    }
}
