package dev.windsurf.data;

import java.io.Serial;

/**
 * The connection failed while the database was committing: the transaction may or may not have been applied.
 * It is never retried automatically, so that no write is applied twice. Check the data (for example by the id the
 * write would have created) before deciding to write again.
 */
public class TransactionOutcomeUnknownException extends DataException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A write whose COMMIT may or may not have been applied: its reply never arrived.
     *
     * @param message  what happened and what to do
     * @param sqlState the failure's code, or null
     * @param cause    the failure
     */
    public TransactionOutcomeUnknownException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
