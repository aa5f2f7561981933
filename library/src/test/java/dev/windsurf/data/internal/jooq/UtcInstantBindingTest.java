package dev.windsurf.data.internal.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The text form of instants on SQLite: what is written reads back equal, by the fast path and the general one. */
class UtcInstantBindingTest {

    @Test
    void shouldReadBackEveryStoredInstantThroughTheFastPath() throws SQLException {
        SplittableRandom random = new SplittableRandom(20261124L);
        long max = Instant.parse("9999-12-31T23:59:59.999999Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant value = Instant.ofEpochSecond(random.nextLong(max), random.nextInt(1_000_000_000))
                    .truncatedTo(ChronoUnit.MICROS);
            String stored = UtcInstantBinding.format(value);

            assertThat(UtcInstantBinding.parseStoredForm(stored)).as(stored).isEqualTo(value);
            assertThat(UtcInstantBinding.parse(stored)).isEqualTo(value);
        }
        for (String edge : new String[] {"1970-01-01T00:00:00.000000Z", "2024-02-29T23:59:59.999999Z",
                "0000-01-01T00:00:00.000000Z", "2000-12-31T12:00:00.500000Z"}) {
            assertThat(UtcInstantBinding.parseStoredForm(edge)).isEqualTo(Instant.parse(edge));
        }
    }

    @Test
    void shouldLeaveEveryOtherFormToTheGeneralParser() throws SQLException {
        for (String other : new String[] {"2026-11-24 09:28:55", "2026-11-24T09:28:55Z", "2026-11-24T10:28:55+01:00",
                "2026-02-30T00:00:00.000000Z", "2026-13-01T00:00:00.000000Z", "2026-11-24T24:00:00.000000Z",
                "2026-11-24T09:60:00.000000Z", "2026-11-24T09:28:5x.000000Z", "2026-11-24T09:28:55.12345-Z"}) {
            assertThat(UtcInstantBinding.parseStoredForm(other)).as(other).isNull();
        }
        assertThat(UtcInstantBinding.parse("2026-11-24 09:28:55")).isEqualTo(Instant.parse("2026-11-24T09:28:55Z"));
        assertThat(UtcInstantBinding.parse("2026-11-24T10:28:55+01:00"))
                .isEqualTo(Instant.parse("2026-11-24T09:28:55Z"));
        assertThatThrownBy(() -> UtcInstantBinding.parse("2026-02-30T00:00:00.000000Z"))
                .isInstanceOf(SQLException.class).hasMessageContaining("is not an ISO-8601 timestamp");
        assertThatThrownBy(() -> UtcInstantBinding.parse("yesterday"))
                .isInstanceOf(SQLException.class).hasMessageContaining("'yesterday'");
    }
}
