package org.sdrnet.it.bench.harness;

/**
 * How every {@code scripts/bench} command ends on bad arguments: one line naming the command and the problem, the usage
 * line, exit status 2, no stack trace.
 */
public final class UsageError {
    private UsageError() {
    }

    /**
     * Prints {@code tool: message} and {@code usage} (when not null) to stderr and exits with status 2. Returns an
     * exception only so a caller can write {@code throw UsageError.exit(...)} where the compiler needs one.
     */
    public static IllegalStateException exit(String tool, String message, String usage) {
        System.err.println(tool + ": " + message);
        if (usage != null) {
            System.err.println(usage);
        }
        System.exit(2);
        return new IllegalStateException(message);
    }
}
