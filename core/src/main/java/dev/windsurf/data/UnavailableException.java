package dev.windsurf.data;

import java.io.Serial;

/**
 * The database could not do the work, and retrying did not help: it is unreachable, or the transaction kept failing
 * with transient errors (lost connections, serialization failures, deadlocks, lock time-outs, SQLITE_BUSY) until
 * the retry budget ran out. Nothing was written. Carries the last SQLState and the number of attempts made.
 */
public class UnavailableException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How many attempts were made. */
    private final int attempts;

    /**
     * The database could not be reached, or kept failing transiently, until the retries were spent.
     *
     * @param message  what failed and what to do
     * @param sqlState the last failure's code, or null
     * @param attempts how many attempts were made (at least 1)
     * @param cause    the last failure
     */
    public UnavailableException(String message, String sqlState, int attempts, Throwable cause) {
        super(message, sqlState, cause);
        this.attempts = attempts;
    }

    /** {@return how many attempts were made before giving up} */
    public int attempts() {
        return attempts;
    }
}
