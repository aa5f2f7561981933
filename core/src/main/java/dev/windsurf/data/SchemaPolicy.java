package dev.windsurf.data;

/**
 * What a {@link Database} does at start when the database's Flyway history does not match the migration version its
 * generated classes were built from.
 */
public enum SchemaPolicy {
    /**
     * Apply pending migrations (up to the generated classes' version, never beyond), then start. Concurrent starts
     * against one PostgreSQL database are safe: Flyway serialises them with an advisory lock. The default for SQLite.
     */
    MIGRATE,
    /**
     * Refuse to start while the database is behind, with a {@link SchemaOutOfDateException} naming both versions
     * and the command that fixes it. The default for PostgreSQL.
     */
    VALIDATE,
    /** Check nothing. The schema version is still read and reported by {@link Database#health()}. */
    NONE
}
