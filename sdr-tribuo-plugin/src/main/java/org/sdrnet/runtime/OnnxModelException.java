package org.sdrnet.runtime;

/**
 * An exported backbone file that cannot be used: missing, not ONNX, truncated, without our metadata, or with a
 * graph that disagrees with its metadata. The message always names the file (or in-memory model) and the problem.
 */
public class OnnxModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OnnxModelException(String message) {
        super(message);
    }

    public OnnxModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
