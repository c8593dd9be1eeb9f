package org.sdrnet.runtime;

/**
 * How an {@link OnnxBackboneRunner} runs a model: images per ONNX Runtime call, thread counts, and whether to try
 * the CUDA execution provider (only with the {@code onnxruntime_gpu} build, see the {@code gpu} Maven profile;
 * without a usable GPU the runner falls back to CPU with a warning).
 *
 * @param batchSize       images per call; bounds the memory of one call
 * @param intraOpThreads  threads inside one operator; 0 lets ONNX Runtime choose (one per physical core)
 * @param interOpThreads  threads across operators; 0 lets ONNX Runtime choose
 * @param useCuda         try the CUDA execution provider first
 * @param cudaDevice      CUDA device id when {@code useCuda}
 */
public record OnnxRunnerSettings(int batchSize, int intraOpThreads, int interOpThreads, boolean useCuda, int cudaDevice) {

    /** Batch 64, ONNX Runtime's own thread counts, CPU only. */
    public static final OnnxRunnerSettings DEFAULT = new OnnxRunnerSettings(64, 0, 0, false, 0);

    public OnnxRunnerSettings {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be 0 (automatic) or positive, got intra "
                    + intraOpThreads + ", inter " + interOpThreads);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("CUDA device id must be non-negative, got " + cudaDevice);
        }
    }

    public OnnxRunnerSettings withBatchSize(int size) {
        return new OnnxRunnerSettings(size, intraOpThreads, interOpThreads, useCuda, cudaDevice);
    }

    /** Both thread counts; 0 for ONNX Runtime's choice. */
    public OnnxRunnerSettings withThreads(int intra, int inter) {
        return new OnnxRunnerSettings(batchSize, intra, inter, useCuda, cudaDevice);
    }

    /** Try CUDA device {@code device} first (falls back to CPU with a warning when it is unusable). */
    public OnnxRunnerSettings withCuda(int device) {
        return new OnnxRunnerSettings(batchSize, intraOpThreads, interOpThreads, true, device);
    }
}
