package dev.windsurf.data;

import java.io.Serial;

/**
 * The change conflicts with data already there: a duplicate of a unique value (username, e-mail, name), or a row
 * that others still refer to. Names the constraint and, where known, the field, so that a caller can tell its user
 * which value to change.
 */
public class ConflictException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The constraint that refused the change; may be null. */
    private final String constraint;
    /** The input field that conflicts; may be null. */
    private final String field;

    /**
     * A change refused because it conflicts with data already there (a unique value, say).
     *
     * @param message    what conflicts and what to do
     * @param constraint the database constraint that refused the change, e.g. {@code uq_users_username}, or null
     * @param field      the field of the caller's input that conflicts, e.g. {@code username}, or null
     * @param sqlState   the database's code, or null
     * @param cause      the underlying failure, or null
     */
    public ConflictException(String message, String constraint, String field, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
        this.constraint = constraint;
        this.field = field;
    }

    /** {@return the constraint that refused the change, e.g. {@code uq_users_username}; null when unknown} */
    public String constraint() {
        return constraint;
    }

    /** {@return the field that conflicts, e.g. {@code username}; null when unknown} */
    public String field() {
        return field;
    }
}
