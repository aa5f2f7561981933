package dev.windsurf.data;

import java.io.Serial;
import java.time.Duration;
import java.time.Instant;

/**
 * A write was refused because the database is in READ_ONLY mode (see {@link ReadOnlyControl}); nothing was written.
 * Retry after {@link #retryAfter()}, or serve the request without writing. Thrown without a stack trace when the
 * mode refused the write before any database work: it is an expected, cheap outcome, not a bug.
 */
public class ReadOnlyModeException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the database is read-only. */
    private final String reason;
    /** When the mode began. */
    private final Instant since;
    /** When a retry may succeed. */
    private final Duration retryAfter;
    /** Whether the mode was entered automatically. */
    private final boolean automatic;

    /**
     * A write refused by the read-only mode; the message names the mode's reason and when to retry.
     *
     * @param state      the mode that refused the write
     * @param retryAfter when a retry may succeed (the probe interval)
     * @param sqlState   the database's code when the database itself refused this write, else the code that
     *                   caused the mode, or null
     * @param cause      the database's refusal, or null when the mode refused the write before any database work
     */
    public ReadOnlyModeException(ModeState state, Duration retryAfter, String sqlState, Throwable cause) {
        super("Database is read-only since " + state.since() + " (" + (state.automatic() ? "automatic" : "operator")
                + "): " + state.reason() + ". Nothing was written; retry after " + retryAfter.toSeconds()
                + " s or later.", sqlState, cause, cause != null);
        this.reason = state.reason();
        this.since = state.since();
        this.retryAfter = retryAfter;
        this.automatic = state.automatic();
    }

    /** {@return why the database is read-only} */
    public String reason() {
        return reason;
    }

    /** {@return when the read-only mode began} */
    public Instant since() {
        return since;
    }

    /** {@return a hint for when to try again} */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@return whether the mode was entered automatically (false: by an operator)} */
    public boolean automatic() {
        return automatic;
    }
}
