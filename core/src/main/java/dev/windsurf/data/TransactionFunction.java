package dev.windsurf.data;

import org.jooq.DSLContext;

/**
 * Work done in one transaction, returning a value. It may run more than once when a transient failure makes the
 * {@link Database} retry the transaction, so keep side effects outside the database out of it.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TransactionFunction<T> {

    /**
     * Runs the transaction's statements; the library commits after it returns and rolls back when it throws.
     *
     * @param tx the transaction's jOOQ context; do not use it after returning
     * @return the result, handed to the caller after the commit
     */
    T apply(DSLContext tx);
}
