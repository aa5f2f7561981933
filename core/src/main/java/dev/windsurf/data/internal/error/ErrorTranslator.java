package dev.windsurf.data.internal.error;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.DataException;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.internal.tx.FailureClassifier.Classification;
import dev.windsurf.data.internal.tx.FailureKind;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns permanent database failures into the library's typed exceptions: unique and foreign-key violations into
 * {@link ConflictException}, CHECK and NOT NULL violations into {@link ValidationException}, anything else into
 * {@link DataException}, each with the SQLState. The kind of failure is decided by code; the constraint's name comes
 * from PostgreSQL's structured error fields, or, for SQLite, which reports it only inside its message, from that
 * message. Thread-safe.
 */
public final class ErrorTranslator {

    private static final int SQLITE_CONSTRAINT_CHECK = 275;
    private static final int SQLITE_CONSTRAINT_FOREIGNKEY = 787;
    private static final int SQLITE_CONSTRAINT_NOTNULL = 1299;
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
    private static final int SQLITE_CONSTRAINT_TRIGGER = 1811;
    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;

    private static final Pattern SQLITE_INDEX = Pattern.compile("constraint failed: index '([^']+)'");
    private static final Pattern SQLITE_COLUMNS = Pattern.compile("constraint failed: ((?:\\w+\\.\\w+)(?:, \\w+\\.\\w+)*)");
    private static final Pattern SQLITE_CHECK = Pattern.compile("CHECK constraint failed: (\\w+)");

    private final ConstraintCatalog catalog;
    private final String databaseName;

    public ErrorTranslator(ConstraintCatalog catalog, String databaseName) {
        this.catalog = catalog;
        this.databaseName = databaseName;
    }

    /** Translates a classified permanent failure. */
    public DataException translate(Classification c, Throwable failure) {
        SQLException sql = c.exception();
        if (c.kind() == FailureKind.CONSTRAINT) {
            return c.sqlite() >= 0 ? sqliteConstraint(c, sql, failure) : postgresConstraint(c, sql, failure);
        }
        String what = switch (c.kind()) {
            case DATA -> "refused a value";
            case CANCELED -> "cancelled the statement (statement time-out?)";
            case READ_ONLY -> "refuses writes";
            case OUTCOME_UNKNOWN -> "could not say whether the statement completed";
            default -> "failed";
        };
        // A data exception's message may quote the refused value: leave it to the cause.
        String detail = c.kind() == FailureKind.DATA ? ""
                : ": " + firstLine(sql == null ? failure.getMessage() : sql.getMessage());
        return new DataException("Database " + databaseName + " " + what + " (" + code(c) + ")" + detail, c.code(),
                failure);
    }

    private DataException postgresConstraint(Classification c, SQLException sql, Throwable failure) {
        ServerErrorMessage server = sql instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String constraint = server == null ? null : server.getConstraint();
        String column = server == null ? null : server.getColumn();
        String table = server == null ? null : server.getTable();
        return switch (c.code()) {
            case "23505" -> unique(constraint, c, failure);
            case "23503" -> foreignKey(constraint, c, failure);
            case "23514" -> check(constraint, c, failure);
            case "23502" -> notNull(table, column, c, failure);
            default -> new ConflictException("Database " + databaseName + " refused the change: integrity violation ("
                    + code(c) + ")", constraint, null, c.code(), failure);
        };
    }

    private DataException sqliteConstraint(Classification c, SQLException sql, Throwable failure) {
        String message = sql.getMessage() == null ? "" : sql.getMessage();
        return switch (c.sqlite()) {
            case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY -> {
                Matcher index = SQLITE_INDEX.matcher(message);
                if (index.find()) {
                    yield unique(index.group(1), c, failure);
                }
                Matcher columns = SQLITE_COLUMNS.matcher(message);
                String constraint = null;
                if (columns.find()) {
                    List<String> parts = Arrays.asList(columns.group(1).split(", "));
                    String table = parts.getFirst().substring(0, parts.getFirst().indexOf('.'));
                    constraint = catalog.uniqueConstraint(table,
                            parts.stream().map(p -> p.substring(p.indexOf('.') + 1)).toList());
                }
                yield unique(constraint, c, failure);
            }
            case SQLITE_CONSTRAINT_CHECK -> {
                Matcher check = SQLITE_CHECK.matcher(message);
                yield check(check.find() ? check.group(1) : null, c, failure);
            }
            case SQLITE_CONSTRAINT_NOTNULL -> {
                Matcher columns = SQLITE_COLUMNS.matcher(message);
                String table = null;
                String column = null;
                if (columns.find()) {
                    String first = columns.group(1).split(", ")[0];
                    table = first.substring(0, first.indexOf('.'));
                    column = first.substring(first.indexOf('.') + 1);
                }
                yield notNull(table, column, c, failure);
            }
            // SQLite reports an ON DELETE RESTRICT violation as a trigger constraint.
            case SQLITE_CONSTRAINT_FOREIGNKEY, SQLITE_CONSTRAINT_TRIGGER -> foreignKey(null, c, failure);
            default -> new ConflictException("Database " + databaseName + " refused the change: constraint violation ("
                    + code(c) + ")", null, null, c.code(), failure);
        };
    }

    private ConflictException unique(String constraint, Classification c, Throwable failure) {
        ConstraintCatalog.Target target = catalog.target(constraint);
        String field = target == null ? null : target.field();
        String entity = target == null ? "row" : target.table();
        String message = field == null
                ? "A " + entity + " with these values already exists" + named(constraint)
                : "A " + singular(entity) + " with this " + field + " already exists" + named(constraint)
                + ": choose another " + field;
        return new ConflictException(message, constraint, field, c.code(), failure);
    }

    private ConflictException foreignKey(String constraint, Classification c, Throwable failure) {
        ConstraintCatalog.Target target = catalog.target(constraint);
        String field = target == null ? null : target.field();
        return new ConflictException("The change refers to a row that does not exist, or removes a row that others"
                + " still refer to" + named(constraint), constraint, field, c.code(), failure);
    }

    private ValidationException check(String constraint, Classification c, Throwable failure) {
        ConstraintCatalog.Target target = catalog.target(constraint);
        String field = target == null || target.field() == null ? "(unknown)" : target.field();
        return new ValidationException(List.of(new ValidationException.Violation(field,
                "violates database constraint " + (constraint == null ? "(unnamed)" : constraint))), c.code(), failure);
    }

    private ValidationException notNull(String table, String column, Classification c, Throwable failure) {
        return new ValidationException(List.of(new ValidationException.Violation(column == null ? "(unknown)" : column,
                "must not be null")), c.code(), failure);
    }

    private static String named(String constraint) {
        return constraint == null ? "" : " (constraint " + constraint + ")";
    }

    private static String singular(String table) {
        return table.endsWith("s") ? table.substring(0, table.length() - 1) : table;
    }

    private static String code(Classification c) {
        return c.code() == null ? "no SQLState" : c.sqlite() >= 0 ? c.code() : "SQLState " + c.code();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
