package org.sdrnet.onnx;

/**
 * An export refused because ONNX Runtime does not reproduce DJL on the verification batch (or could not run the
 * written graph at all). Nothing was written to the destination. An {@link IllegalStateException}, so the {@code sdr}
 * command line reports it in one line with a non-zero exit, like every other error a user can act on.
 */
public class ExportVerificationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ExportVerificationException(String message) {
        super(message);
    }

    public ExportVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
