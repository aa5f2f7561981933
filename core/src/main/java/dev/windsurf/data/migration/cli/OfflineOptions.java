package dev.windsurf.data.migration.cli;

import picocli.CommandLine.Option;

/**
 * The options of {@code upgrade} and {@code downgrade} that change nothing: {@code --sql} (print the SQL that would
 * run), {@code --dry-run} (run it and undo it), {@code --from} and {@code --engine} (write the SQL without a
 * database). Not thread-safe.
 */
final class OfflineOptions {

    @Option(names = "--sql", description = "Print the SQL that would run (the migrations or undo scripts, the "
            + "history table's records, the transactions) instead of running it. Changes nothing.")
    boolean sql;

    @Option(names = "--dry-run", description = "Run the whole command and undo it: inside one transaction that is "
            + "rolled back (PostgreSQL), or on a copy of the file (SQLite). Reports what would be done, the version "
            + "reached and any error the real run would hit. Changes nothing.")
    boolean dryRun;

    @Option(names = "--from", paramLabel = "VERSION", description = "With --sql: assume the database is at VERSION "
            + "(base, head or a version) and write the SQL without connecting to any database.")
    String from;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "With --from: the SQL dialect, postgresql or "
            + "sqlite (default: the scheme of --url or DATABASE_URL).")
    String engine;

    /** Whether any of these options was given. */
    boolean given() {
        return sql || dryRun || from != null || engine != null;
    }
}
