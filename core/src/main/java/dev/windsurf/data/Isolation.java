package dev.windsurf.data;

/**
 * Transaction isolation levels. SQLite always runs transactions serializably and ignores this setting.
 */
public enum Isolation {
    /** PostgreSQL's default: each statement sees data committed before it began. */
    READ_COMMITTED(java.sql.Connection.TRANSACTION_READ_COMMITTED),
    /** The transaction sees one snapshot; concurrent updates of the same row fail with 40001 and are retried. */
    REPEATABLE_READ(java.sql.Connection.TRANSACTION_REPEATABLE_READ),
    /** Full serializability; conflicting transactions fail with 40001 and are retried. */
    SERIALIZABLE(java.sql.Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    Isolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /** {@return the {@link java.sql.Connection} constant for this level} */
    public int jdbcLevel() {
        return jdbcLevel;
    }
}
