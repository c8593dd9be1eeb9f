package org.sdrnet.runtime;

import ai.onnxruntime.OrtEnvironment;

/**
 * The process-wide ONNX Runtime environment every runner shares. ONNX Runtime allows one environment per process;
 * it is created on first use (by us or by another library such as Tribuo's ONNX models, whichever comes first,
 * with ONNX Runtime's default warning log level) and never closed: closing it under a live session crashes the
 * native side.
 */
final class SharedOrt {
    private SharedOrt() {
    }

    static OrtEnvironment environment() {
        // getEnvironment() returns the one existing environment, creating it once.
        return OrtEnvironment.getEnvironment();
    }
}
