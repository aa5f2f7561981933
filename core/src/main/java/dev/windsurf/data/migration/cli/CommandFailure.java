package dev.windsurf.data.migration.cli;

import java.io.Serial;

/** Ends a command with an exit code, a one-line message for the user and, when there is one, a hint. */
final class CommandFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String reason;
    private final String hint;

    CommandFailure(int exitCode, String reason, String message, Throwable cause) {
        this(exitCode, reason, message, null, cause);
    }

    CommandFailure(int exitCode, String reason, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.reason = reason;
        this.hint = hint;
    }

    int exitCode() {
        return exitCode;
    }

    String reason() {
        return reason;
    }

    /** What to do about it, or null. */
    String hint() {
        return hint;
    }
}
