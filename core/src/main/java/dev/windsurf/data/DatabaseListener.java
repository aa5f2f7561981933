package dev.windsurf.data;

/**
 * Receives what a {@link Database} does, for metrics and alerts. Every method has an empty default, so that an
 * implementation overrides only what it needs. Methods are called on the thread that caused the event and must
 * return quickly; an exception thrown by a listener is logged and otherwise ignored.
 */
public interface DatabaseListener {

    /**
     * The database started (after the schema check).
     *
     * @param health the state just after the start
     */
    default void onStarted(Health health) {
    }

    /**
     * The schema check ran at start.
     *
     * @param policy          the policy applied
     * @param databaseVersion the version before the check, or null for an empty database
     * @param codeVersion     the version the generated classes need
     * @param migrationsApplied how many migrations were applied (MIGRATE only)
     */
    default void onSchemaChecked(SchemaPolicy policy, String databaseVersion, String codeVersion,
                                 int migrationsApplied) {
    }

    /**
     * The primary database could not be reached at start and the fallback is used instead.
     *
     * @param primaryUrl  the primary's URL, password masked
     * @param fallbackUrl the fallback's URL, password masked
     * @param cause       why the primary failed
     */
    default void onFallbackActivated(String primaryUrl, String fallbackUrl, Throwable cause) {
    }

    /**
     * A transaction failed with a transient error and will be tried again.
     *
     * @param attempt  the attempt that failed, from 1
     * @param sqlState the failure's code (or {@code SQLITE:<code>}), or null
     * @param cause    the failure
     */
    default void onRetry(int attempt, String sqlState, Throwable cause) {
    }

    /**
     * A transaction failed with transient errors on every attempt.
     *
     * @param attempts how many attempts were made
     * @param cause    the last failure
     */
    default void onRetriesExhausted(int attempts, Throwable cause) {
    }

    /**
     * The write mode changed (see {@link ReadOnlyControl}).
     *
     * @param previous the mode before
     * @param current  the mode now
     */
    default void onModeChanged(ModeState previous, ModeState current) {
    }

    /**
     * Read transactions moved off the read replica, because it became unreachable or its health check found it unfit
     * (not a standby, on another timeline than the primary's, or lagging beyond
     * {@link DatabaseConfig#replicaMaxLag()}) ({@code inUse} false: they use the primary meanwhile), or back to it
     * once it is reachable and fit again ({@code inUse} true). Only with a read replica.
     *
     * @param inUse      whether reads use the replica from now on
     * @param replicaUrl the replica's URL, password masked
     */
    default void onReadReplicaChanged(boolean inUse, String replicaUrl) {
    }

    /**
     * Writes moved to another primary: with several hosts in the URL, the standby at {@code to} was promoted (it is
     * on a higher timeline of the same system) or an operator accepted it (see {@link ReadOnlyControl#acceptPrimary}).
     * Only with a multi-host URL.
     *
     * @param from the previous primary, {@code host:port}
     * @param to   the primary writes go to from now on, {@code host:port}
     */
    default void onPrimaryChanged(String from, String to) {
    }

    /**
     * A split brain: the server {@code refused} answers as a primary, but is not the primary writes go to (an old
     * primary restarted after a standby's promotion, a second primary on the same timeline, or another system). It is
     * never written to until an operator accepts a primary with {@link ReadOnlyControl#acceptPrimary}; heard once per
     * refused server and identity, and logged once at ERROR. Only with a multi-host URL.
     *
     * @param refused  the refused primary, {@code host:port}
     * @param accepted the primary writes go to, {@code host:port}, or null when none may be written to (writes are then
     *                 refused with a {@link SplitBrainException})
     */
    default void onSplitBrain(String refused, String accepted) {
    }

    /** The database was closed. */
    default void onClosed() {
    }
}
