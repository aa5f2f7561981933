package dev.windsurf.data.internal.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.config.ParsedUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections of one database, tuned per engine.
 *
 * <ul>
 *   <li>PostgreSQL: one HikariCP pool for reads and writes, with bounded connect, socket and validation time-outs
 *   and TCP keep-alive, so that no connection hangs on a silent network drop.</li>
 *   <li>SQLite file: one writer connection (transactions {@code BEGIN IMMEDIATE}, so that writers queue in the pool
 *   instead of failing with SQLITE_BUSY) and a pool of reader connections ({@code PRAGMA query_only}); WAL,
 *   {@code synchronous=NORMAL}, foreign keys on and a busy time-out on every connection.</li>
 *   <li>SQLite in memory: one shared-cache database held open for the lifetime of this object, one connection for
 *   reads and writes. {@code :memory:} and other unnamed or private in-memory URLs get a new database of their own;
 *   a named shared-cache URI ({@code file:NAME?mode=memory&cache=shared}) is used as given, so that several pools in
 *   one JVM, or a connection opened beforehand, share its contents.</li>
 * </ul>
 * Thread-safe. {@link #close()} is idempotent.
 */
public final class ConnectionPools implements AutoCloseable {

    private final Engine engine;
    private final String jdbcUrl;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final DataSource unpooled;
    private final Connection keeper;

    private ConnectionPools(Engine engine, String jdbcUrl, HikariDataSource writer, HikariDataSource reader,
                            DataSource unpooled, Connection keeper) {
        this.engine = engine;
        this.jdbcUrl = jdbcUrl;
        this.writer = writer;
        this.reader = reader;
        this.unpooled = unpooled;
        this.keeper = keeper;
    }

    /**
     * Opens the pools and makes one connection to prove the database can be reached.
     *
     * @throws SQLException when the database cannot be reached; the SQLState says why
     */
    public static ConnectionPools open(DatabaseConfig config) throws SQLException {
        ParsedUrl url = DatabaseUrls.parse(config.url());
        return url.engine() == Engine.POSTGRESQL ? openPostgres(config, url) : openSqlite(config, url);
    }

    private static ConnectionPools openPostgres(DatabaseConfig config, ParsedUrl url) throws SQLException {
        HikariConfig hikari = common(config, config.name());
        hikari.setJdbcUrl(url.jdbcUrl());
        hikari.setDriverClassName("org.postgresql.Driver");
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.addDataSourceProperty("connectTimeout", seconds(config.connectTimeout()));
        hikari.addDataSourceProperty("loginTimeout", seconds(config.connectTimeout()));
        hikari.addDataSourceProperty("socketTimeout", seconds(config.socketTimeout()));
        hikari.addDataSourceProperty("tcpKeepAlive", "true");
        hikari.addDataSourceProperty("ApplicationName", config.name());
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Keep row values (such as "Failing row contains (…)") out of exception messages that may be logged.
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        HikariDataSource pool = start(hikari);

        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(url.jdbcUrl());
        if (config.username() != null) {
            direct.setUser(config.username());
        }
        if (config.password() != null) {
            direct.setPassword(config.password());
        }
        direct.setConnectTimeout(seconds(config.connectTimeout()));
        direct.setLoginTimeout(seconds(config.connectTimeout()));
        direct.setTcpKeepAlive(true);
        direct.setApplicationName(config.name() + "-migrations");
        direct.setLogServerErrorDetail(false);
        return new ConnectionPools(Engine.POSTGRESQL, url.jdbcUrl(), pool, pool, direct, null);
    }

    private static ConnectionPools openSqlite(DatabaseConfig config, ParsedUrl url) throws SQLException {
        if (url.inMemory()) {
            String jdbc = isNamedSharedMemory(url.jdbcUrl()) ? url.jdbcUrl()
                    : "jdbc:sqlite:file:" + config.name() + "-" + UUID.randomUUID() + "?mode=memory&cache=shared";
            SQLiteDataSource source = sqliteDataSource(jdbc, config, true, true);
            Connection keeper = source.getConnection();
            try {
                HikariConfig hikari = common(config, config.name());
                hikari.setDataSource(source);
                hikari.setMaximumPoolSize(1);
                hikari.setMaxLifetime(0);
                HikariDataSource pool = start(hikari);
                return new ConnectionPools(Engine.SQLITE, jdbc, pool, pool, sqliteDataSource(jdbc, config, true, false),
                        keeper);
            } catch (SQLException | RuntimeException e) {
                keeper.close();
                throw e;
            }
        }
        Path file = url.sqliteFile();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the directory " + parent + " for SQLite database "
                        + file + ": " + e.getMessage(), e);
            }
        }
        String jdbc = url.jdbcUrl();
        HikariConfig writerConfig = common(config, config.name() + "-writer");
        writerConfig.setDataSource(sqliteDataSource(jdbc, config, false, true));
        writerConfig.setMaximumPoolSize(1);
        HikariDataSource writer = start(writerConfig);
        try {
            HikariConfig readerConfig = common(config, config.name() + "-reader");
            readerConfig.setDataSource(sqliteDataSource(jdbc, config, false, false));
            readerConfig.setMaximumPoolSize(config.poolSize());
            readerConfig.setConnectionInitSql("PRAGMA query_only = 1");
            HikariDataSource reader = start(readerConfig);
            return new ConnectionPools(Engine.SQLITE, jdbc, writer, reader, sqliteDataSource(jdbc, config, false, false),
                    null);
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Whether the URL names a shared-cache in-memory database ({@code jdbc:sqlite:file:NAME?…mode=memory…cache=shared…}),
     * which every connection of the JVM that opens the same URI shares.
     */
    static boolean isNamedSharedMemory(String jdbcUrl) {
        String prefix = "jdbc:sqlite:file:";
        int q = jdbcUrl.indexOf('?');
        if (!jdbcUrl.startsWith(prefix) || q < 0) {
            return false;
        }
        String name = jdbcUrl.substring(prefix.length(), q);
        List<String> parameters = List.of(jdbcUrl.substring(q + 1).split("&"));
        return !name.isEmpty() && !name.equals(":memory:") && parameters.contains("mode=memory")
                && parameters.contains("cache=shared");
    }

    private static SQLiteDataSource sqliteDataSource(String jdbc, DatabaseConfig config, boolean memory,
                                                     boolean immediate) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        if (!memory) {
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        }
        if (immediate) {
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl(jdbc);
        return source;
    }

    private static HikariConfig common(DatabaseConfig config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(config.validationTimeout().toMillis(),
                config.connectionTimeout().toMillis()));
        hikari.setKeepaliveTime(config.keepaliveTime().toMillis());
        hikari.setMaxLifetime(Math.max(config.maxLifetime().toMillis(), config.keepaliveTime().toMillis() + 1000));
        hikari.setInitializationFailTimeout(1);
        hikari.setAutoCommit(true);
        return hikari;
    }

    private static HikariDataSource start(HikariConfig hikari) throws SQLException {
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            // HikariCP's PoolInitializationException wraps the driver's failure; surface that, with its SQLState.
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("Cannot open connection pool " + hikari.getPoolName() + ": " + e.getMessage(),
                    "08001", e);
        }
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }

    /** The engine. */
    public Engine engine() {
        return engine;
    }

    /** The jOOQ dialect. */
    public SQLDialect dialect() {
        return engine == Engine.POSTGRESQL ? SQLDialect.POSTGRES : SQLDialect.SQLITE;
    }

    /** The JDBC URL connections are made to (for in-memory SQLite, the shared-cache URI). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Connections for write transactions. */
    public DataSource writer() {
        return writer;
    }

    /** Connections for read-only transactions (the writer's pool on PostgreSQL and in-memory SQLite). */
    public DataSource reader() {
        return reader;
    }

    /** Unpooled connections with the same settings, for migrations that must not take pooled connections. */
    public DataSource unpooled() {
        return unpooled;
    }

    /**
     * Takes a connection out of its pool for good (closing it), e.g. when it may be left in an unknown state.
     *
     * @param write whether it came from {@link #writer()}
     */
    public void evict(Connection connection, boolean write) {
        (write ? writer : reader).evictConnection(connection);
    }

    /**
     * Replaces every connection of a pool after a connection failure: idle ones at once, those in use when they are
     * returned. A lost server usually takes all of them, and a retry must not be handed another dead one.
     *
     * @param write whether to evict the writer's pool ({@link #writer()}) or the readers'
     */
    public void evictAll(boolean write) {
        HikariPoolMXBean bean = (write ? writer : reader).getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
        }
    }

    /** Pool figures: active, idle, total, waiting, summed over the pools. */
    public int[] figures() {
        int[] out = new int[4];
        add(out, writer.getHikariPoolMXBean());
        if (reader != writer) {
            add(out, reader.getHikariPoolMXBean());
        }
        return out;
    }

    private static void add(int[] out, HikariPoolMXBean bean) {
        if (bean != null) {
            out[0] += bean.getActiveConnections();
            out[1] += bean.getIdleConnections();
            out[2] += bean.getTotalConnections();
            out[3] += bean.getThreadsAwaitingConnection();
        }
    }

    @Override
    public void close() {
        if (reader != writer) {
            reader.close();
        }
        writer.close();
        if (keeper != null) {
            try {
                keeper.close();
            } catch (SQLException ignored) {
                // the in-memory database is gone either way
            }
        }
    }
}
