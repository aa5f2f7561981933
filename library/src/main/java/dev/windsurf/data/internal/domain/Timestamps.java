package dev.windsurf.data.internal.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The instants written to {@code created_at} and {@code updated_at}. Stateless and thread-safe. */
public final class Timestamps {

    private Timestamps() {
    }

    /** Now, from the database's clock, truncated to microseconds (what both engines store). */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The {@code updated_at} of a row being changed: now, but at least one microsecond after the previous value, so
     * that it moves on every change even when the clock has not advanced (or stepped back).
     */
    public static Instant next(Clock clock, Instant previous) {
        Instant now = now(clock);
        Instant last = previous.truncatedTo(ChronoUnit.MICROS);
        return now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
    }
}
