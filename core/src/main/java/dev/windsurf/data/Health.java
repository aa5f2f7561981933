package dev.windsurf.data;

import java.util.List;

/**
 * A snapshot of a {@link Database}'s state, for readiness checks and diagnostics. Immutable.
 *
 * @param name                 the database's name, as used in log lines
 * @param engine               the engine in use
 * @param url                  the URL in use, password masked
 * @param fallbackActive       true when the primary could not be reached at start and the fallback is in use
 * @param schemaVersion        the database's schema version after the start-up check, or null for an empty database
 * @param codeSchemaVersion    the schema version the generated classes were built from
 * @param activeConnections    connections in use (summed over the pools, the read replica's included)
 * @param idleConnections      connections idle in the pools
 * @param totalConnections     connections open
 * @param waitingThreads       threads waiting for a connection
 * @param up                   whether a connection to the database in use (not the read replica) could be had and
 *                             was valid just now; false once closed
 * @param mode                 whether writes are accepted, why, and since when
 * @param readReplicaConfigured whether a read replica takes the read transactions (see
 *                             {@link DatabaseConfig.Builder#readUrl})
 * @param readReplicaUrl       the read replica's URL, password masked, or null when none is configured
 * @param readReplicaInUse     whether read transactions go to the read replica now: false without one, and while it
 *                             is unreachable and reads use the primary (it becomes true again by itself once the
 *                             replica's pool has reconnected), and while its health check finds it unfit (not a
 *                             standby, on another timeline, or lagging beyond {@link DatabaseConfig#replicaMaxLag()})
 * @param readsUp              whether a read can be served just now: by the read replica while reads use it and a
 *                             connection to it was valid, else (or also) by the primary ({@code up}). A load balancer
 *                             that sends reads may keep an instance whose primary is down while this is true
 * @param migrationSets        every migration set of the database in dependency order, with the database's version
 *                             of it after the start-up check and the version the code expects; {@code schemaVersion}
 *                             and {@code codeSchemaVersion} repeat the last set's
 * @param primary              with several hosts in the URL, the primary writes go to, as
 *                             {@code host:port (system …, timeline …)}, or null before one is found; null with a
 *                             single host
 * @param refusedPrimaries     with several hosts in the URL, the other servers that answered as primaries at the last
 *                             survey and are refused (a split brain: see {@link SplitBrainException}), described as
 *                             {@code primary} is; empty when there is none or with a single host
 */
public record Health(String name, Engine engine, String url, boolean fallbackActive, String schemaVersion,
                     String codeSchemaVersion, int activeConnections, int idleConnections, int totalConnections,
                     int waitingThreads, boolean up, ModeState mode, boolean readReplicaConfigured,
                     String readReplicaUrl, boolean readReplicaInUse, boolean readsUp,
                     List<SetVersion> migrationSets, String primary, List<String> refusedPrimaries) {

    /** Copies the lists. */
    public Health {
        migrationSets = List.copyOf(migrationSets);
        refusedPrimaries = List.copyOf(refusedPrimaries);
    }

    /**
     * {@return whether another server answers as a primary besides the one written to (or instead of it): a split
     * brain}
     */
    public boolean splitBrain() {
        return !refusedPrimaries.isEmpty();
    }

    /** {@return whether a write can be served just now: the primary is up and the mode is READ_WRITE} */
    public boolean writesUp() {
        return up && !mode.readOnly();
    }

    /**
     * One migration set's versions.
     *
     * @param set         the set's name
     * @param version     the database's version of the set after the start-up check, or null when it has none
     * @param codeVersion the version the code expects
     */
    public record SetVersion(String set, String version, String codeVersion) {

        /** {@return whether the database holds exactly the version the code expects} */
        public boolean current() {
            return java.util.Objects.equals(version, codeVersion);
        }
    }
}
