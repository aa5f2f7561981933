package dev.windsurf.data.internal.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @ParameterizedTest(name = "SQLState {0} is {1}")
    @CsvSource({
            "08001, CONNECTION", "08003, CONNECTION", "08004, CONNECTION", "08006, CONNECTION", "08007, CONNECTION",
            "08P01, CONNECTION", "57P01, CONNECTION", "57P02, CONNECTION", "57P03, CONNECTION", "53300, CONNECTION",
            "40001, CONCURRENCY", "40P01, CONCURRENCY", "55P03, CONCURRENCY",
            "40003, OUTCOME_UNKNOWN",
            "25006, READ_ONLY", "53100, READ_ONLY",
            "23505, CONSTRAINT", "23503, CONSTRAINT", "23514, CONSTRAINT", "23502, CONSTRAINT",
            "22001, DATA", "22P02, DATA", "22021, DATA",
            "57014, CANCELED",
            "42601, PERMANENT", "42P01, PERMANENT", "28P01, PERMANENT", "3D000, PERMANENT", "XX000, PERMANENT"})
    void shouldClassifyPostgresqlFailuresBySqlState(String state, FailureKind expected) {
        SQLException failure = new SQLException("any text, even 'deadlock' or 'connection'", state);

        FailureClassifier.Classification c = FailureClassifier.classify(new DataAccessException("wrapped", failure));

        assertThat(c.kind()).isEqualTo(expected);
        assertThat(c.code()).isEqualTo(state);
        assertThat((Throwable) c.exception()).isSameAs(failure);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "SQLITE_BUSY, CONCURRENCY", "SQLITE_BUSY_SNAPSHOT, CONCURRENCY", "SQLITE_BUSY_TIMEOUT, CONCURRENCY",
            "SQLITE_LOCKED, CONCURRENCY", "SQLITE_LOCKED_SHAREDCACHE, CONCURRENCY",
            "SQLITE_READONLY, READ_ONLY", "SQLITE_READONLY_DBMOVED, READ_ONLY", "SQLITE_READONLY_ROLLBACK, READ_ONLY",
            "SQLITE_FULL, READ_ONLY", "SQLITE_IOERR_WRITE, READ_ONLY", "SQLITE_IOERR_FSYNC, READ_ONLY",
            "SQLITE_IOERR_DIR_FSYNC, READ_ONLY", "SQLITE_IOERR_TRUNCATE, READ_ONLY", "SQLITE_IOERR_READ, PERMANENT",
            "SQLITE_CONSTRAINT_UNIQUE, CONSTRAINT", "SQLITE_CONSTRAINT_FOREIGNKEY, CONSTRAINT",
            "SQLITE_CONSTRAINT_CHECK, CONSTRAINT", "SQLITE_CONSTRAINT_TRIGGER, CONSTRAINT",
            "SQLITE_IOERR, PERMANENT", "SQLITE_CORRUPT, PERMANENT", "SQLITE_CANTOPEN, PERMANENT",
            "SQLITE_ERROR, PERMANENT", "SQLITE_TOOBIG, DATA"})
    void shouldClassifySqliteFailuresByResultCode(SQLiteErrorCode code, FailureKind expected) {
        SQLiteException failure = new SQLiteException("message text is ignored", code);

        FailureClassifier.Classification c = FailureClassifier.classify(new RuntimeException(failure));

        assertThat(c.kind()).isEqualTo(expected);
        assertThat(c.code()).isEqualTo("SQLITE:" + code.code);
        assertThat(c.sqlite()).isEqualTo(code.code);
    }

    @Test
    void shouldTreatAPoolTimeoutWithoutSqlStateAsAConnectionFailure() {
        FailureClassifier.Classification c = FailureClassifier.classify(
                new SQLTransientConnectionException("windsurf - Connection is not available, request timed out"));

        assertThat(c.kind()).isEqualTo(FailureKind.CONNECTION);
        assertThat(FailureKind.CONNECTION.transientFailure()).isTrue();
    }

    @Test
    void shouldTreatFailuresWithoutAnSqlExceptionAsPermanent() {
        FailureClassifier.Classification c = FailureClassifier.classify(new IllegalStateException("connection reset"));

        assertThat(c.kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat((Throwable) c.exception()).isNull();
        assertThat(FailureKind.PERMANENT.transientFailure()).isFalse();
        assertThat(FailureKind.OUTCOME_UNKNOWN.transientFailure()).isFalse();
    }
}
