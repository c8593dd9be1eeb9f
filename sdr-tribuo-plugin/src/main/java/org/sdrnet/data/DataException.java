package org.sdrnet.data;

/**
 * A data problem a user can act on: a missing, corrupt or empty file or set, or an unknown name.
 * The message always names the file or thing and the problem.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
