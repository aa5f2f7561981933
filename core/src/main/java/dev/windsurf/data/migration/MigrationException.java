package dev.windsurf.data.migration;

import dev.windsurf.data.DataException;
import java.io.Serial;

/**
 * A migration command could not do what was asked. {@link #reason()} says why, so that callers (and the {@code db}
 * command's exit codes) decide by reason rather than by message text; the message says what happened and the command
 * that fixes it. Where the database refused a statement, {@link #sqlState()} gives its SQLState (PostgreSQL) or
 * {@code SQLITE:<code>}.
 */
public class MigrationException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why a command failed. */
    public enum Reason {
        /** A version that no migration file has ("Can't locate revision"). */
        UNKNOWN_REVISION,
        /** A target in the wrong direction, or further than there are migrations (below base, beyond head). */
        INVALID_TARGET,
        /** The database's history has a version that no migration file of this build has. */
        AHEAD,
        /** Migrations are pending where the command needs an up-to-date database. */
        NOT_UP_TO_DATE,
        /** Two migration files claim one version. */
        DUPLICATE_VERSION,
        /** An undo script a downgrade needs does not exist; nothing was run. */
        MISSING_UNDO,
        /** An applied migration's file changed since it ran, or was removed. */
        CHECKSUM_MISMATCH,
        /** The history records a migration that failed earlier; {@code db repair} removes the record. */
        FAILED_EARLIER,
        /** A migration or undo script failed; its transaction was rolled back. */
        SCRIPT_FAILED,
        /** Another process changed the history while this command ran; this command changed nothing more. */
        CONCURRENT_CHANGE,
        /** A directory or location that must exist does not. */
        MISSING_DIRECTORY,
        /** A file that a revision would write exists already; nothing was written. */
        FILE_EXISTS,
        /** Another migration set that depends on this one is applied: undo it first; nothing was run. */
        DEPENDENT_SET,
        /** The set targets PostgreSQL only and the database is SQLite; nothing was run. */
        WRONG_ENGINE,
        /**
         * Flyway refused the database for another reason (e.g. a non-empty schema without a history table); the
         * message says what to do.
         */
        REFUSED,
        /**
         * A generated revision would carry text Flyway reads as a placeholder (<code>${</code>); nothing was written.
         */
        UNSAFE_TEXT,
        /** Another process kept migrating the same SQLite file for longer than the wait; nothing was run. */
        LOCK_TIMEOUT
    }

    /** Why the command failed; never null. */
    private final Reason reason;

    /**
     * A failure with the database's code and the underlying exception.
     *
     * @param reason   why the command failed
     * @param message  what happened and what to do
     * @param sqlState the SQLState or SQLite result code the database reported, or null
     * @param cause    the underlying failure, or null
     * @throws NullPointerException when {@code reason} is null
     */
    public MigrationException(Reason reason, String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
        this.reason = java.util.Objects.requireNonNull(reason, "reason cannot be null");
    }

    /**
     * A failure that the command found itself, with no database code or underlying exception.
     *
     * @param reason  why the command failed
     * @param message what happened and what to do
     * @throws NullPointerException when {@code reason} is null
     */
    public MigrationException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    /** {@return why the command failed} */
    public Reason reason() {
        return reason;
    }
}
