package dev.windsurf.data;

/**
 * What stands between the library and PostgreSQL ({@link DatabaseConfig#pooler()}).
 *
 * <p>The library cannot tell a connection pooler from a server (PgBouncer answers the protocol as PostgreSQL does),
 * so it is told: {@link DatabaseConfig.Builder#pooler}, the {@code DATABASE_POOLER} environment variable
 * ({@code none}, {@code session} or {@code transaction}) or the URL parameter {@code pooler=transaction}.
 */
public enum Pooler {

    /** Direct connections to the server (default). */
    NONE,

    /**
     * A pooler in session mode (PgBouncer {@code pool_mode = session}): a client keeps its server session for as long
     * as it is connected, so everything works as with {@link #NONE}.
     */
    SESSION,

    /**
     * A pooler in transaction mode (PgBouncer {@code pool_mode = transaction}): each transaction may run on another
     * server session, so nothing may rely on session state. The library then prepares no statement on the server
     * (pgjdbc {@code prepareThreshold=0}), sets a transaction's isolation level inside the transaction
     * ({@code SET TRANSACTION ISOLATION LEVEL}) instead of for the session, and refuses schema migrations, which hold a
     * session-level advisory lock: they need a direct URL ({@link SchemaPolicy#MIGRATE} is refused at
     * {@link DatabaseConfig.Builder#build()}, {@link Database#migrations()} throws). Retries, the read-only mode and
     * read replicas work as without a pooler.
     */
    TRANSACTION
}
