package dev.windsurf.data;

/**
 * The read-only degradation of a {@link Database}: its current {@link ModeState}, operator controls and counters.
 *
 * <p>The database enters READ_ONLY by itself when a write fails with a signal that the database refuses writes
 * (PostgreSQL 25006 read-only transaction, as on a hot standby or with {@code default_transaction_read_only};
 * 53100 disk full; SQLite SQLITE_READONLY* and SQLITE_FULL), or when a write keeps failing with connection errors
 * after its retries. While READ_ONLY, every write transaction fails at once with a {@link ReadOnlyModeException},
 * without touching the database, and reads keep working wherever the database still answers them. A background probe
 * (every {@link DatabaseConfig#readOnlyProbeInterval()}, with ±20 % jitter) checks, without changing data, whether
 * writes work again, and returns to READ_WRITE by itself. A mode an operator entered stays until an operator ends it.
 * Entering is logged once at WARN, leaving once at INFO, and both reach {@link DatabaseListener#onModeChanged}.
 *
 * <p>Thread-safe.
 */
public interface ReadOnlyControl {

    /** {@return the current mode and why} */
    ModeState state();

    /** {@return whether writes are refused right now} */
    default boolean isReadOnly() {
        return state().readOnly();
    }

    /**
     * Enters READ_ONLY as an operator (e.g. for maintenance). It stays until {@link #exit()}; the probe does not end
     * it. Entering again replaces the reason.
     *
     * @param reason shown to callers in {@link ReadOnlyModeException}s and in health reports
     * @throws NullPointerException     when the reason is null
     * @throws IllegalArgumentException when the reason is blank
     */
    void enter(String reason);

    /** Returns to READ_WRITE now, whoever entered READ_ONLY. Does nothing when already READ_WRITE. */
    void exit();

    /**
     * The operator's word after a split brain (see {@link SplitBrainException} and
     * {@link DatabaseListener#onSplitBrain}): accepts the server {@code host:port}, one of the hosts of the database's
     * multi-host URL, as the primary to write to, whatever its system identifier and timeline, as soon as it answers as
     * a primary; forgets earlier refusals; and, when writes are refused automatically, looks at once. Call it only
     * after the other primaries are fenced (stopped, or rebuilt as standbys of the accepted one): writes to two
     * primaries diverge for good. Writes already going to that server continue.
     *
     * @param server {@code host:port} exactly as the URL lists it
     * @throws IllegalArgumentException when the URL does not list it
     * @throws IllegalStateException    when the database's URL names a single host (default implementation: always)
     */
    default void acceptPrimary(String server) {
        throw new IllegalStateException("this database has a single host: there is no primary to choose");
    }

    /** {@return counters since start} */
    ReadOnlyStats stats();
}
