package dev.windsurf.data.internal.tx;

import javax.sql.DataSource;

/** Hears what the {@link TransactionRunner} does. Implementations must be thread-safe and quick. */
public interface TransactionObserver {

    /** What a call of the runner does: {@code read}, {@code query} or {@code write}. */
    enum Operation {
        READ, QUERY, WRITE;

        /** The name in metrics and traces: lower case. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Something that began and ends once, with or without a failure. */
    interface Scope {

        /** Does nothing. */
        Scope NONE = failure -> { };

        /**
         * It ended.
         *
         * @param failure what it failed with, or null when it succeeded
         */
        void end(Throwable failure);
    }

    /** A transient failure; the transaction will be tried again. */
    void retrying(int attempt, String code, Throwable cause);

    /** Every attempt failed with a transient failure. */
    void retriesExhausted(int attempts, Throwable cause);

    /**
     * A call of the runner began (nested calls that join an active transaction are not reported). The scope ends when
     * the call returns or throws, with the exception the caller receives.
     */
    default Scope operationStarted(Operation operation) {
        return Scope.NONE;
    }

    /**
     * One attempt of a call began on the calling thread, on connections from {@code source}; its scope ends on the
     * same thread when the attempt returns or fails.
     *
     * @param attempt the attempt, from 1
     * @param replica whether the source is the read replica
     */
    default Scope attemptStarted(Operation operation, int attempt, DataSource source, boolean replica) {
        return Scope.NONE;
    }
}
