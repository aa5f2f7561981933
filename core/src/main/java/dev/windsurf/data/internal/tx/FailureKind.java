package dev.windsurf.data.internal.tx;

/** What a failure means for the caller, decided by SQLState or SQLite result code. */
public enum FailureKind {
    /** The connection was lost or could not be made (08xxx, 57P01–57P03, 53300, pool time-out). Transient. */
    CONNECTION,
    /** Concurrency: 40001 serialization, 40P01 deadlock, 55P03 lock not available, SQLITE_BUSY, SQLITE_LOCKED. Transient. */
    CONCURRENCY,
    /** 40003: the statement's completion is unknown. Never re-applied. */
    OUTCOME_UNKNOWN,
    /**
     * The database refuses writes: 25006 read-only transaction, 53100 disk full, SQLITE_READONLY*, SQLITE_FULL, and the
     * SQLite I/O errors of a file that cannot be written now (SQLITE_IOERR_WRITE, _FSYNC, _DIR_FSYNC, _TRUNCATE).
     */
    READ_ONLY,
    /** An integrity constraint refused the data: 23xxx, SQLITE_CONSTRAINT*. Permanent for the caller. */
    CONSTRAINT,
    /** A data exception (22xxx): a value the database cannot take. Permanent. */
    DATA,
    /** 57014: the statement was cancelled, e.g. by a statement time-out. Not retried. */
    CANCELED,
    /** Anything else: syntax and permission errors, corruption, I/O errors, bugs. Permanent. */
    PERMANENT;

    /** Whether retrying the whole transaction can help. */
    public boolean transientFailure() {
        return this == CONNECTION || this == CONCURRENCY;
    }
}
