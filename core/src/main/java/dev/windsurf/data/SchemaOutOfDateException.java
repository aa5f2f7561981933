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

    /** How the schema differs. */
    private final Reason reason;
    /** The database's version; may be null. */
    private final String databaseVersion;
    /** The version the generated classes need. */
    private final String codeVersion;

    /**
     * The schema check's refusal to work on the database.
     *
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

    /** {@return how the schema differs} */
    public Reason reason() {
        return reason;
    }

    /** {@return the database's current schema version; null for an empty database} */
    public String databaseVersion() {
        return databaseVersion;
    }

    /** {@return the schema version this build's generated classes need} */
    public String codeVersion() {
        return codeVersion;
    }
}
