package dev.windsurf.data.internal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.internal.id.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsAndTimestampsTest {

    @Test
    void shouldRoundTripAnIdThroughAnOpaqueUrlSafeCursor() {
        String id = UuidV7.next();

        String cursor = Cursors.after(id);

        assertThat(cursor).doesNotContain(id).matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode(cursor)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "!!!!", "MTpub3QtYW4taWQ", "Mjo wMTlhNGI2ZS03YzFkLTdlMmYtOGEzYi00YzVkNmU3ZjgwOTE",
            "MjowMTlhNGI2ZS03YzFkLTdlMmYtOGEzYi00YzVkNmU3ZjgwOTE"})
    void shouldRefuseTextThatIsNotACursor(String text) {
        assertThat(Cursors.decode(text)).isNull();
    }

    @Test
    void shouldTruncateToMicrosecondsAndAlwaysMoveUpdatedAtForward() {
        Instant t = Instant.parse("2026-11-24T09:00:00.123456789Z");
        Clock fixed = Clock.fixed(t, ZoneOffset.UTC);

        Instant now = Timestamps.now(fixed);
        Instant next = Timestamps.next(fixed, now);
        Instant afterStepBack = Timestamps.next(fixed, t.plusSeconds(60));

        assertThat(now).isEqualTo(Instant.parse("2026-11-24T09:00:00.123456Z"));
        assertThat(next).isEqualTo(Instant.parse("2026-11-24T09:00:00.123457Z"));
        assertThat(afterStepBack).isEqualTo(Instant.parse("2026-11-24T09:01:00.123457Z"));
        assertThat(Timestamps.next(fixed, t.minusSeconds(1))).isEqualTo(now);
    }
}
