package dev.windsurf.data.internal.tx;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteException;

/**
 * Classifies failures by SQLState (PostgreSQL) and by result code (SQLite, whose errors carry no SQLState), never by
 * message text. Stateless and thread-safe.
 */
public final class FailureClassifier {

    /** SQLite primary result codes. */
    static final int SQLITE_BUSY = 5;
    static final int SQLITE_LOCKED = 6;
    static final int SQLITE_READONLY = 8;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_TOOBIG = 18;
    static final int SQLITE_MISMATCH = 20;
    /** SQLite extended result codes of a file system that refuses to write (immutable or read-only file, I/O error). */
    static final int SQLITE_IOERR_WRITE = 778;
    static final int SQLITE_IOERR_FSYNC = 1034;
    static final int SQLITE_IOERR_DIR_FSYNC = 1290;
    static final int SQLITE_IOERR_TRUNCATE = 1546;

    private FailureClassifier() {
    }

    /**
     * A classified failure.
     *
     * @param kind      what it means
     * @param code      the SQLState, or {@code SQLITE:<extended code>}, or null when no database code was found
     * @param sqlite    the SQLite extended result code, or -1
     * @param exception the SQLException found in the cause chain, or null
     */
    public record Classification(FailureKind kind, String code, int sqlite, SQLException exception) {
    }

    /** Classifies a failure by the first SQLException in its cause chain. */
    public static Classification classify(Throwable failure) {
        SQLException sql = firstSqlException(failure);
        if (sql == null) {
            return new Classification(FailureKind.PERMANENT, null, -1, null);
        }
        if (sql instanceof SQLiteException sqlite) {
            int extended = sqlite.getResultCode().code;
            return new Classification(sqliteKind(extended), "SQLITE:" + extended, extended, sql);
        }
        String state = sql.getSQLState();
        if (state == null || state.isBlank()) {
            FailureKind kind = sql instanceof SQLTransientConnectionException ? FailureKind.CONNECTION
                    : FailureKind.PERMANENT;
            return new Classification(kind, null, -1, sql);
        }
        return new Classification(postgresKind(state), state, -1, sql);
    }

    /** The kind of a PostgreSQL SQLState. */
    public static FailureKind postgresKind(String state) {
        return switch (state) {
            case "40001", "40P01", "55P03" -> FailureKind.CONCURRENCY;
            case "40003" -> FailureKind.OUTCOME_UNKNOWN;
            case "57P01", "57P02", "57P03", "53300" -> FailureKind.CONNECTION;
            case "25006", "53100" -> FailureKind.READ_ONLY;
            case "57014" -> FailureKind.CANCELED;
            default -> {
                if (state.startsWith("08")) {
                    yield FailureKind.CONNECTION;
                }
                if (state.startsWith("23")) {
                    yield FailureKind.CONSTRAINT;
                }
                if (state.startsWith("22")) {
                    yield FailureKind.DATA;
                }
                yield FailureKind.PERMANENT;
            }
        };
    }

    /**
     * The kind of an SQLite (extended) result code. A file that cannot be written now (SQLITE_IOERR_WRITE, _FSYNC,
     * _DIR_FSYNC, _TRUNCATE: an immutable file, a read-only mount, a failing disk) is READ_ONLY like SQLITE_READONLY
     * and SQLITE_FULL; other I/O errors stay permanent.
     */
    public static FailureKind sqliteKind(int extendedCode) {
        switch (extendedCode) {
            case SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_IOERR_DIR_FSYNC, SQLITE_IOERR_TRUNCATE -> {
                return FailureKind.READ_ONLY;
            }
            default -> {
                // by primary code below
            }
        }
        return switch (extendedCode & 0xff) {
            case SQLITE_BUSY, SQLITE_LOCKED -> FailureKind.CONCURRENCY;
            case SQLITE_READONLY, SQLITE_FULL -> FailureKind.READ_ONLY;
            case SQLITE_CONSTRAINT -> FailureKind.CONSTRAINT;
            case SQLITE_TOOBIG, SQLITE_MISMATCH -> FailureKind.DATA;
            default -> FailureKind.PERMANENT;
        };
    }

    /**
     * The first {@link SQLException} in the cause chain (cycles are tolerated), or null. For a failed JDBC batch it is
     * the server's error behind the {@link java.sql.BatchUpdateException} (its next exception), which carries the
     * constraint name and detail that the batch exception lacks.
     */
    public static SQLException firstSqlException(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof java.sql.BatchUpdateException batch && batch.getNextException() != null
                    && batch.getNextException() != batch) {
                return batch.getNextException();
            }
            if (t instanceof SQLException sql) {
                return sql;
            }
            t = t.getCause();
        }
        return null;
    }
}
