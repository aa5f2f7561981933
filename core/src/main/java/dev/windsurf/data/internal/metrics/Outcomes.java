package dev.windsurf.data.internal.metrics;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.MissingReferenceException;
import dev.windsurf.data.NotFoundException;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.TransactionOutcomeUnknownException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.ValidationException;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.FailureKind;

/**
 * The labels that metrics and traces give outcomes and retry reasons, decided by exception type and by SQLState or
 * SQLite result code, never by message text. Free of optional dependencies; stateless and thread-safe.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * The outcome of a call as its caller sees it: {@code ok}, {@code conflict}, {@code validation},
     * {@code not_found}, {@code unavailable}, {@code outcome_unknown}, {@code read_only} or {@code error}.
     *
     * @param failure what the call threw, or null when it returned
     */
    public static String outcome(Throwable failure) {
        if (failure == null) {
            return "ok";
        }
        if (failure instanceof ConflictException) {
            return "conflict";
        }
        if (failure instanceof ValidationException || failure instanceof MissingReferenceException) {
            return "validation";
        }
        if (failure instanceof NotFoundException) {
            return "not_found";
        }
        if (failure instanceof ReadOnlyModeException) {
            return "read_only";
        }
        if (failure instanceof TransactionOutcomeUnknownException) {
            return "outcome_unknown";
        }
        if (failure instanceof UnavailableException) {
            return "unavailable";
        }
        return "error";
    }

    /**
     * Why a transaction is retried: {@code connection}, {@code serialization} (40001), {@code deadlock} (40P01),
     * {@code lock_timeout} (55P03), {@code busy} (SQLITE_BUSY, SQLITE_LOCKED) or {@code other}.
     *
     * @param code  the failure's SQLState or {@code SQLITE:<code>}, or null
     * @param cause the failure
     */
    public static String retryReason(String code, Throwable cause) {
        if (code != null) {
            switch (code) {
                case "40001":
                    return "serialization";
                case "40P01":
                    return "deadlock";
                case "55P03":
                    return "lock_timeout";
                default:
                    break;
            }
        }
        FailureClassifier.Classification c = FailureClassifier.classify(cause);
        if (c.kind() == FailureKind.CONNECTION) {
            return "connection";
        }
        if (c.sqlite() >= 0 && c.kind() == FailureKind.CONCURRENCY) {
            return "busy";
        }
        return "other";
    }
}
