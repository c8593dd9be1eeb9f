package org.sdrnet.tribuo;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process-wide ONNX Runtime environment every runner shares. ONNX Runtime allows one environment per process;
 * it is created on first use and never closed (closing it under a live session crashes the native side).
 */
final class SharedOrt {
    private static volatile OrtEnvironment environment;

    private SharedOrt() {
    }

    static OrtEnvironment environment() {
        OrtEnvironment e = environment;
        if (e == null) {
            synchronized (SharedOrt.class) {
                e = environment;
                if (e == null) {
                    e = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "sdr");
                    environment = e;
                }
            }
        }
        return e;
    }
}
