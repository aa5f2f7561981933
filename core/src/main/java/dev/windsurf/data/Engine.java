package dev.windsurf.data;

/** The database engines WindSurf Data runs on. */
public enum Engine {
    /** PostgreSQL 13 or newer, through the PostgreSQL JDBC driver. */
    POSTGRESQL,
    /** SQLite 3.35 or newer, embedded through sqlite-jdbc: a file, or an in-memory database. */
    SQLITE
}
