package dev.windsurf.data;

/**
 * A snapshot of a {@link Database}'s state, for readiness checks and diagnostics. Immutable.
 *
 * @param name                 the database's name, as used in log lines
 * @param engine               the engine in use
 * @param url                  the URL in use, password masked
 * @param fallbackActive       true when the primary could not be reached at start and the fallback is in use
 * @param schemaVersion        the database's schema version after the start-up check, or null for an empty database
 * @param codeSchemaVersion    the schema version the generated classes were built from
 * @param activeConnections    connections in use
 * @param idleConnections      connections idle in the pool
 * @param totalConnections     connections open
 * @param waitingThreads       threads waiting for a connection
 * @param up                   whether a connection could be had and was valid just now; false once closed
 * @param mode                 whether writes are accepted, why, and since when
 */
public record Health(String name, Engine engine, String url, boolean fallbackActive, String schemaVersion,
                     String codeSchemaVersion, int activeConnections, int idleConnections, int totalConnections,
                     int waitingThreads, boolean up, ModeState mode) {
}
