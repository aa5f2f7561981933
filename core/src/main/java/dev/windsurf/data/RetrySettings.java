package dev.windsurf.data;

import java.time.Duration;
import java.util.Objects;

/**
 * How transactions are retried after transient failures (lost connections, serialization failures, deadlocks, lock
 * time-outs, SQLITE_BUSY): exponential backoff from {@code initialDelay}, doubling up to {@code maxDelay}, each delay
 * varied by {@code ±jitter} (a fraction), for at most {@code maxAttempts} attempts in all. Immutable and thread-safe.
 *
 * @param maxAttempts  attempts in all, the first included: 1 to 100 (default: 5)
 * @param initialDelay the delay before the second attempt: 0 to 1 minute (default: 50 ms)
 * @param maxDelay     the longest delay: at least {@code initialDelay}, at most 10 minutes (default: 2 s)
 * @param jitter       the fraction by which each delay varies at random: 0.0 to 1.0 (default: 0.25)
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter) {

    /** The defaults: 5 attempts, 50 ms doubling to 2 s, ±25 % jitter. */
    public static final RetrySettings DEFAULTS = new RetrySettings(5, Duration.ofMillis(50), Duration.ofSeconds(2), 0.25);

    /** No retry: one attempt. */
    public static final RetrySettings NONE = new RetrySettings(1, Duration.ZERO, Duration.ZERO, 0.0);

    /**
     * Checks every value against its range.
     *
     * @throws NullPointerException     when a duration is null
     * @throws IllegalArgumentException when a value is out of its range
     */
    public RetrySettings {
        Objects.requireNonNull(initialDelay, "initialDelay cannot be null");
        Objects.requireNonNull(maxDelay, "maxDelay cannot be null");
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100, was " + maxAttempts);
        }
        if (initialDelay.isNegative() || initialDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("initialDelay must be between 0 and 1 minute, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0 || maxDelay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("maxDelay must be between initialDelay (" + initialDelay
                    + ") and 10 minutes, was " + maxDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0.0 and 1.0, was " + jitter);
        }
    }
}
