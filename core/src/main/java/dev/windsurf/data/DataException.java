package dev.windsurf.data;

import java.io.Serial;

/**
 * The root of every exception WindSurf Data throws. Unchecked.
 *
 * <p>Subtypes name the cases a caller handles differently: {@link NotFoundException}, {@link ConflictException},
 * {@link ValidationException}, {@link UnavailableException}, {@link TransactionOutcomeUnknownException} and
 * {@link SchemaOutOfDateException}. Where the database reported the failure, {@link #sqlState()} gives its SQLState
 * (PostgreSQL) or the SQLite result code, so that callers decide by code rather than by message text. Messages say
 * what happened and what to do; they never contain passwords, password hashes or bound values.
 */
public class DataException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The database's code, see {@link #sqlState()}; may be null. */
    private final String sqlState;

    /**
     * A failure with a message that says what to do, the database's code and the underlying exception.
     *
     * @param message  what happened and what to do
     * @param sqlState the SQLState the database reported, or null
     * @param cause    the underlying failure, or null
     */
    public DataException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /**
     * For subclasses whose instances are expected outcomes, cheap to create without a stack trace.
     *
     * @param message            what happened and what to do
     * @param sqlState           the SQLState the database reported, or null
     * @param cause              the underlying failure, or null
     * @param writableStackTrace false to skip capturing the stack trace
     */
    protected DataException(String message, String sqlState, Throwable cause, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
        this.sqlState = sqlState;
    }

    /**
     * The SQLState the database reported (e.g. {@code 23505}), or for SQLite, which has no SQLStates, its extended
     * result code in the form {@code SQLITE:2067}; null when the failure did not come from the database.
     *
     * @return the code, or null
     */
    public String sqlState() {
        return sqlState;
    }

    /** {@return the first two characters of {@link #sqlState()} (e.g. {@code 23}), or null} */
    public String sqlStateClass() {
        return sqlState == null || sqlState.length() < 2 || sqlState.startsWith("SQLITE") ? null
                : sqlState.substring(0, 2);
    }
}
