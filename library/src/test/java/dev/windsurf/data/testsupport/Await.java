package dev.windsurf.data.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, failing after a bound. */
public final class Await {

    private Await() {
    }

    /**
     * @throws AssertionError when the condition does not hold within the bound
     */
    public static void until(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + bound);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
