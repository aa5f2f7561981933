package dev.windsurf.data;

import java.io.Serial;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Input was refused before (or, for data written around the library, by) the database: lists every violation with
 * the path of the field and a message, not only the first. The refused values themselves are never included.
 */
public class ValidationException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The refused values, never empty. */
    private final List<Violation> violations;

    /**
     * Input refused by the library's own checks, before any database work.
     *
     * @param violations at least one violation
     * @throws IllegalArgumentException when the list is empty
     */
    public ValidationException(List<Violation> violations) {
        this(violations, null, null);
    }

    /**
     * Input refused by the database (a CHECK constraint, say) or by the library's checks.
     *
     * @param violations at least one violation
     * @param sqlState   the database's code when the database refused the value, or null
     * @param cause      the underlying failure, or null
     */
    public ValidationException(List<Violation> violations, String sqlState, Throwable cause) {
        super(describe(violations), sqlState, cause);
        this.violations = List.copyOf(violations);
    }

    private static String describe(List<Violation> violations) {
        Objects.requireNonNull(violations, "violations cannot be null");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one violation");
        }
        return "Invalid input: " + violations.stream().map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; "));
    }

    /** {@return every violation, in a stable order} */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * One refused value.
     *
     * @param field   the property path, e.g. {@code username} or {@code members[2].email}
     * @param message why it was refused, e.g. {@code size must be between 3 and 32}
     */
    public record Violation(String field, String message) {
        /**
         * Checks that both components are present.
         *
         * @throws NullPointerException when {@code field} or {@code message} is null
         */
        public Violation {
            Objects.requireNonNull(field, "field cannot be null");
            Objects.requireNonNull(message, "message cannot be null");
        }
    }
}
