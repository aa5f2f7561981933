package dev.windsurf.lint;

/** The engines a migration set must run on; decides which rules apply. */
public enum Target {
    /** PostgreSQL only: the locking, rewrite and data-loss rules. */
    POSTGRESQL,
    /**
     * One file set for PostgreSQL and SQLite (the project's convention): the PostgreSQL rules plus the statements
     * SQLite cannot run or can only run by rebuilding the table.
     */
    PORTABLE
}
