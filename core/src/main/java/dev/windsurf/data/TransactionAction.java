package dev.windsurf.data;

import org.jooq.DSLContext;

/**
 * Work done in one transaction, without a result. It may run more than once when a transient failure makes the
 * {@link Database} retry the transaction, so keep side effects outside the database out of it.
 */
@FunctionalInterface
public interface TransactionAction {

    /**
     * Runs the transaction's statements; the library commits after it returns and rolls back when it throws.
     *
     * @param tx the transaction's jOOQ context; do not use it after returning
     */
    void accept(DSLContext tx);
}
