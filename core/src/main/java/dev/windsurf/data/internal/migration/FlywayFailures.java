package dev.windsurf.data.internal.migration;

import dev.windsurf.data.DataException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.FailureKind;
import dev.windsurf.data.migration.MigrationException;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;

/**
 * Turns what Flyway throws into this library's exceptions: a {@link MigrationException} with a reason, the
 * migration set's name, what happened in one line, and the fix; an {@link UnavailableException} when the database
 * could not be reached. Decided by Flyway's error code and the SQLState underneath, never by message text.
 * Stateless.
 */
public final class FlywayFailures {

    private FlywayFailures() {
    }

    /**
     * @param e            what Flyway threw
     * @param set          the migration set's name, or null when the files are not a named set
     * @param historyTable the set's history table
     */
    public static DataException translate(FlywayException e, String set, String historyTable) {
        String which = set == null ? "the migrations" : "migration set " + set;
        String schemaOption = set == null ? "" : " --schema " + set;
        ErrorCode code = e.getErrorCode();
        FailureClassifier.Classification c = FailureClassifier.classify(e);
        if (c.kind() == FailureKind.CONNECTION || code == CoreErrorCode.DB_CONNECTION) {
            return new UnavailableException("The database is unreachable while applying " + which + " ("
                    + c.code() + "): " + firstLine(c.exception() != null ? c.exception() : e), c.code(), 1, e);
        }
        if (code == CoreErrorCode.DUPLICATE_VERSIONED_MIGRATION || code == CoreErrorCode.DUPLICATE_REPEATABLE_MIGRATION
                || code == CoreErrorCode.DUPLICATE_UNDO_MIGRATION) {
            return new MigrationException(MigrationException.Reason.DUPLICATE_VERSION, "Two files of " + which
                    + " claim one version: " + oneLine(e) + ". Give one of them the next free version. (Each "
                    + "migration set numbers its versions on its own: a set of your own never clashes with another "
                    + "set's versions.)", null, e);
        }
        if (code == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new MigrationException(MigrationException.Reason.REFUSED, "The database already has tables, but "
                    + "no history table " + historyTable + " for " + which + ": it was not made by these "
                    + "migrations. Use an empty database, or, if its schema already matches the migrations, record "
                    + "that with `db stamp VERSION" + schemaOption + "`.", null, e);
        }
        if (code == CoreErrorCode.VALIDATE_ERROR || code == CoreErrorCode.CHECKSUM_MISMATCH
                || code == CoreErrorCode.DESCRIPTION_MISMATCH || code == CoreErrorCode.TYPE_MISMATCH
                || code == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED
                || code == CoreErrorCode.RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED) {
            return new MigrationException(MigrationException.Reason.CHECKSUM_MISMATCH, "The history of " + which
                    + " does not match its files: " + oneLine(e) + ". Restore the changed file(s), or run `db repair"
                    + schemaOption + "` if the database already matches them.", null, e);
        }
        if (code == CoreErrorCode.CONFIGURATION || code == CoreErrorCode.CONFIGURATION_RECOVERABLE
                || code == CoreErrorCode.SCHEMA_DOES_NOT_EXIST) {
            return new MigrationException(MigrationException.Reason.REFUSED, "Flyway cannot run " + which + ": "
                    + oneLine(e) + ". Check the set's locations (db/<name>/migration on the class path by default) "
                    + "and the database's schema.", null, e);
        }
        String message = "Flyway failed on " + which + ": " + firstLine(e);
        if (c.exception() != null) {
            // Flyway's own message often hides the database's reason (e.g. "permission denied for table …").
            message = message + ": " + firstLine(c.exception()) + (c.code() == null ? "" : " (" + c.code() + ")");
        }
        return new DataException(message, c.code(), e);
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static String oneLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
        while (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        return message;
    }
}
