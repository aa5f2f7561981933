package dev.windsurf.data;

import java.io.Serial;
import java.time.Duration;

/**
 * The service has more work of one kind queued than it can finish soon (for example password hashing during a burst
 * of sign-ups), so it refused this call at once instead of letting it wait: nothing was done or written. Try again
 * after {@link #retryAfter()}; an HTTP service answers 503 with {@code Retry-After}. Created without a stack trace:
 * it is an expected outcome under load. Immutable.
 */
public final class OverloadedException extends UnavailableException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** When trying again makes sense. */
    private final Duration retryAfter;

    /**
     * Work refused at once because more of its kind is queued than can finish soon: nothing was done.
     *
     * @param message    what was refused and what to do
     * @param retryAfter when trying again makes sense (positive)
     * @throws IllegalArgumentException when {@code retryAfter} is null, zero or negative
     */
    public OverloadedException(String message, Duration retryAfter) {
        super(message, null, 1, null);
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** {@return how long to wait before trying again} */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
