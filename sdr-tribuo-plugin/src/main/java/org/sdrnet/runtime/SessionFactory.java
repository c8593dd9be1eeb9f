package org.sdrnet.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions with the runner's settings. CUDA is tried only when asked for; when the CUDA
 * provider is missing (the CPU build of ONNX Runtime) or unusable (no GPU, no CUDA/cuDNN on the host), the session
 * is opened on CPU and a warning says why, so the same code runs on every machine.
 */
final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    /** An open session and the execution provider it runs on ({@code CPU} or {@code CUDA:<id>}). */
    record Opened(OrtSession session, String executionProvider) {
    }

    private SessionFactory() {
    }

    /**
     * @param model  the serialised ONNX model
     * @param source file path or label for messages
     * @throws OnnxModelException when ONNX Runtime cannot load the model (not ONNX, truncated, invalid graph)
     */
    static Opened open(byte[] model, String source, OnnxRunnerSettings settings) {
        OrtEnvironment env = SharedOrt.environment();
        if (settings.useCuda()) {
            String provider = "CUDA:" + settings.cudaDevice();
            try (OrtSession.SessionOptions options = options(settings)) {
                options.addCUDA(settings.cudaDevice());
                return new Opened(env.createSession(model, options), provider);
            } catch (OrtException | LinkageError e) {
                // A broken model fails again on CPU below, with the CPU error in the message.
                LOG.warn("{}: CUDA execution provider on device {} is not usable ({}); running on CPU",
                        source, settings.cudaDevice(), e.getMessage());
            }
        }
        try (OrtSession.SessionOptions options = options(settings)) {
            return new Opened(env.createSession(model, options), "CPU");
        } catch (OrtException e) {
            throw new OnnxModelException(source + ": ONNX Runtime cannot load the model (corrupted, truncated or not ONNX): "
                    + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(OnnxRunnerSettings settings) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            return options;
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("ONNX Runtime rejected the session settings " + settings + ": " + e.getMessage(), e);
        }
    }
}
