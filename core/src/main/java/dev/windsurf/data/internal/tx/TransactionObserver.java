package dev.windsurf.data.internal.tx;

/** Hears what the {@link TransactionRunner} does. Implementations must be thread-safe and quick. */
public interface TransactionObserver {

    /** A transient failure; the transaction will be tried again. */
    void retrying(int attempt, String code, Throwable cause);

    /** Every attempt failed with a transient failure. */
    void retriesExhausted(int attempts, Throwable cause);
}
