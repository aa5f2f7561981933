package dev.windsurf.data.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.DataException;
import dev.windsurf.data.MissingReferenceException;
import dev.windsurf.data.ModeState;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.TransactionOutcomeUnknownException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.WriteMode;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The outcome and retry-reason labels, decided by exception type and code, never by message. */
class OutcomesTest {

    @Test
    void shouldLabelEveryOutcomeACallerCanSee() {
        ModeState readOnly = new ModeState(WriteMode.READ_ONLY, "maintenance", Instant.EPOCH, false, null);

        assertThat(Outcomes.outcome(null)).isEqualTo("ok");
        assertThat(Outcomes.outcome(new ConflictException("taken", "uq_users_username", "username", "23505", null)))
                .isEqualTo("conflict");
        assertThat(Outcomes.outcome(new ValidationException(List.of(new ValidationException.Violation("name",
                "must not be blank"))))).isEqualTo("validation");
        assertThat(Outcomes.outcome(new MissingReferenceException("ownerId", "user", "u1"))).isEqualTo("validation");
        assertThat(Outcomes.outcome(new NotFoundException("user", "u1"))).isEqualTo("not_found");
        assertThat(Outcomes.outcome(new ReadOnlyModeException(readOnly, Duration.ofSeconds(5), null, null)))
                .isEqualTo("read_only");
        assertThat(Outcomes.outcome(new TransactionOutcomeUnknownException("lost in COMMIT", "08006", null)))
                .isEqualTo("outcome_unknown");
        assertThat(Outcomes.outcome(new UnavailableException("down", "08001", 5, null))).isEqualTo("unavailable");
        assertThat(Outcomes.outcome(new DataException("syntax", "42601", null))).isEqualTo("error");
        assertThat(Outcomes.outcome(new IllegalStateException("a bug in the work"))).isEqualTo("error");
    }

    @Test
    void shouldLabelRetryReasonsByCode() {
        assertThat(Outcomes.retryReason("40001", new SQLException("x", "40001"))).isEqualTo("serialization");
        assertThat(Outcomes.retryReason("40P01", new SQLException("x", "40P01"))).isEqualTo("deadlock");
        assertThat(Outcomes.retryReason("55P03", new SQLException("x", "55P03"))).isEqualTo("lock_timeout");
        assertThat(Outcomes.retryReason("08006", new SQLException("x", "08006"))).isEqualTo("connection");
        assertThat(Outcomes.retryReason("57P01", new SQLException("x", "57P01"))).isEqualTo("connection");
        assertThat(Outcomes.retryReason(null, new SQLTransientConnectionException("pool time-out")))
                .isEqualTo("connection");
        assertThat(Outcomes.retryReason("SQLITE:5", new SQLiteException("busy", SQLiteErrorCode.SQLITE_BUSY)))
                .isEqualTo("busy");
        assertThat(Outcomes.retryReason("SQLITE:6", new SQLiteException("locked", SQLiteErrorCode.SQLITE_LOCKED)))
                .isEqualTo("busy");
        assertThat(Outcomes.retryReason("XX000", new SQLException("x", "XX000"))).isEqualTo("other");
    }
}
