package dev.windsurf.data;

import java.time.Duration;

/**
 * Counters of a {@link Database}'s read-only mode since it started. Immutable snapshot.
 *
 * @param rejectedWrites writes refused because the mode was READ_ONLY (without a database round trip)
 * @param transitions    changes of mode, in either direction
 * @param timeReadOnly   total time spent READ_ONLY, the current period included
 * @param probes         write probes run while READ_ONLY (automatic mode)
 */
public record ReadOnlyStats(long rejectedWrites, long transitions, Duration timeReadOnly, long probes) {
}
