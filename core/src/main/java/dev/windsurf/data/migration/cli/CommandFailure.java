package dev.windsurf.data.migration.cli;

import java.io.Serial;

/** Ends a command with an exit code and a message for the user. */
final class CommandFailure extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String reason;

    CommandFailure(int exitCode, String reason, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.reason = reason;
    }

    int exitCode() {
        return exitCode;
    }

    String reason() {
        return reason;
    }
}
