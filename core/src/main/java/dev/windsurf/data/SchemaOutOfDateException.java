package dev.windsurf.data;

import java.io.Serial;

/**
 * The database's schema does not match the classes this build was generated from: the database is behind (pending
 * migrations), ahead (migrations this build does not know), or an applied migration's file changed since it ran.
 * The message names both versions and the command that fixes it.
 */
public class SchemaOutOfDateException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How the schema differs. */
    public enum Reason {
        /** Migrations this build needs have not been applied. */
        BEHIND,
        /** The database has migrations newer than this build. */
        AHEAD,
        /** An applied migration's checksum differs from the file this build carries, or a file is missing. */
        CHECKSUM_MISMATCH
    }

    private final Reason reason;
    private final String databaseVersion;
    private final String codeVersion;

    /**
     * @param message         what differs and the command that fixes it
     * @param reason          how it differs
     * @param databaseVersion the database's current version, or null when it has none
     * @param codeVersion     the version this build's generated classes need
     */
    public SchemaOutOfDateException(String message, Reason reason, String databaseVersion, String codeVersion) {
        super(message, null, null);
        this.reason = reason;
        this.databaseVersion = databaseVersion;
        this.codeVersion = codeVersion;
    }

    /** How the schema differs. */
    public Reason reason() {
        return reason;
    }

    /** The database's current schema version; null for an empty database. */
    public String databaseVersion() {
        return databaseVersion;
    }

    /** The schema version this build's generated classes need. */
    public String codeVersion() {
        return codeVersion;
    }
}
