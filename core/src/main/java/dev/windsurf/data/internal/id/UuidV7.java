package dev.windsurf.data.internal.id;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Generates UUIDv7 ids (RFC 9562): 48 bits of Unix time in milliseconds, then a 12-bit counter, then 62 random bits.
 * Ids from one generator strictly increase, as UUIDs and as their lowercase text: within one millisecond the counter
 * counts up (starting from a random value below 2048, so that there is room); when it runs out, or when the clock
 * steps back, the generator borrows from the next millisecond rather than repeat itself. The shared instance
 * ({@link #next()}) makes this hold for the whole JVM.
 *
 * <p>Thread-safe and lock-free (no pinning of virtual threads).
 */
public final class UuidV7 {

    private static final UuidV7 SHARED = new UuidV7(System::currentTimeMillis);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LongSupplier millis;
    /** The last (milliseconds << 12 | counter) handed out. */
    private final AtomicLong last = new AtomicLong();

    /** A generator reading time from {@code millis}; tests use it to stop or rewind the clock. */
    public UuidV7(LongSupplier millis) {
        this.millis = millis;
    }

    /** A new id from the JVM-wide generator, as 36 lowercase characters. */
    public static String next() {
        return SHARED.nextUuid().toString();
    }

    /** A new id from this generator. */
    public UUID nextUuid() {
        long now = millis.getAsLong() << 12;
        long state;
        long candidate;
        do {
            state = last.get();
            candidate = now > state ? now | RANDOM.nextInt(2048) : state + 1;
        } while (!last.compareAndSet(state, candidate));
        long ms = candidate >>> 12;
        long counter = candidate & 0xfff;
        long high = (ms & 0xffff_ffff_ffffL) << 16 | 0x7000L | counter;
        long low = RANDOM.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
