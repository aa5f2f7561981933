package dev.windsurf.data.internal.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.Engine;
import dev.windsurf.data.Pooler;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.config.ParsedUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * The connections of one database, tuned per engine.
 *
 * <ul>
 *   <li>PostgreSQL: one HikariCP pool for reads and writes, with bounded connect, socket and validation time-outs
 *   and TCP keep-alive, so that no connection hangs on a silent network drop. With a read replica configured, a
 *   second pool ({@code <name>-reader}, same settings) on the replica for read transactions; it starts without a
 *   connection and fills in the background, so that an unreachable replica does not stop the start, and it keeps
 *   reconnecting in the background while the replica is away.</li>
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

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);
    private static final long RECENT_SECONDS = 10;
    private static final long FIRST_WAIT_MILLIS = 500;

    private final String name;
    private final Engine engine;
    private final String jdbcUrl;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final HikariDataSource replica;
    private final String maskedReplicaUrl;
    private final AtomicBoolean replicaLost = new AtomicBoolean();
    private final DataSource unpooled;
    private final Connection keeper;
    private final InetSocketAddress writerAddress;
    /** With a multi-host URL: finds the primary and keeps writes away from any other; else null. */
    private final PrimaryGuard guard;
    private volatile Pooler pooler = Pooler.NONE;
    private final ScheduledExecutorService surveys;
    private final InetSocketAddress replicaAddress;
    private final Path sqliteFile;
    /** When a connection of a pool last failed (System.nanoTime()), or 0; decides when {@link #unreachable} looks. */
    private volatile long writerFailedAt;
    private volatile long replicaFailedAt;

    private volatile DatabaseListener replicaListener = new DatabaseListener() { };
    /** The last health check's verdict on the read replica: null before the first. */
    private volatile Boolean replicaHealth;

    private ConnectionPools(String name, Engine engine, String jdbcUrl, HikariDataSource writer,
                            HikariDataSource reader, HikariDataSource replica, String maskedReplicaUrl,
                            DataSource unpooled, Connection keeper) {
        this(name, engine, jdbcUrl, writer, reader, replica, maskedReplicaUrl, unpooled, keeper, null, null);
    }

    private ConnectionPools(String name, Engine engine, String jdbcUrl, HikariDataSource writer,
                            HikariDataSource reader, HikariDataSource replica, String maskedReplicaUrl,
                            DataSource unpooled, Connection keeper, PrimaryGuard guard, Duration surveyInterval) {
        this.name = name;
        this.engine = engine;
        this.jdbcUrl = jdbcUrl;
        this.writer = writer;
        this.reader = reader;
        this.replica = replica;
        this.maskedReplicaUrl = maskedReplicaUrl;
        this.unpooled = unpooled;
        this.keeper = keeper;
        this.writerAddress = engine == Engine.POSTGRESQL && guard == null ? address(jdbcUrl) : null;
        this.guard = guard;
        if (guard != null) {
            // Also while writes work: an old primary back as a primary, or a promotion elsewhere, is noticed within
            // an interval and reported, and a higher timeline takes the writes.
            this.surveys = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name(name + "-primary-survey").factory());
            long every = surveyInterval.toNanos();
            surveys.scheduleWithFixedDelay(() -> {
                try {
                    guard.survey();
                } catch (RuntimeException e) {
                    LOG.warn("[{}] Survey of the primary's hosts failed: {}", name, e.toString());
                }
            }, every, every, TimeUnit.NANOSECONDS);
        } else {
            this.surveys = null;
        }
        this.replicaAddress = replica != null ? address(replica.getJdbcUrl()) : null;
        this.sqliteFile = engine == Engine.SQLITE && keeper == null ? DatabaseUrls.parse(jdbcUrl).sqliteFile() : null;
    }

    /** The SQLite database file, or null for PostgreSQL and in-memory SQLite. */
    public Path sqliteFile() {
        return sqliteFile;
    }

    /** The first host and port of a PostgreSQL JDBC URL, or null when the driver cannot tell. */
    private static InetSocketAddress address(String jdbcUrl) {
        Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, null);
        if (parsed == null || parsed.getProperty("PGHOST") == null) {
            return null;
        }
        String host = parsed.getProperty("PGHOST").split(",")[0];
        String port = parsed.getProperty("PGPORT", "5432").split(",")[0];
        try {
            return InetSocketAddress.createUnresolved(host, Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Opens the pools and makes one connection to prove the primary can be reached; a read replica's pool opens
     * without one.
     *
     * @throws SQLException when the database cannot be reached; the SQLState says why
     */
    public static ConnectionPools open(DatabaseConfig config) throws SQLException {
        ParsedUrl url = DatabaseUrls.parse(config.url());
        if (url.engine() != Engine.POSTGRESQL) {
            return openSqlite(config, url);
        }
        ConnectionPools pools = openPostgres(config, url);
        pools.pooler = config.pooler();
        return pools;
    }

    private static ConnectionPools openPostgres(DatabaseConfig config, ParsedUrl url) throws SQLException {
        if (PrimaryGuard.servers(url.jdbcUrl()).size() > 1) {
            return openMultiHost(config, url);
        }
        HikariConfig primary = postgres(config, config.name(), url.jdbcUrl(), config.username(), config.password());
        // The primary's connections are made on demand, not kept at the pool size: while the server is unreachable
        // nothing then asks for one, so HikariCP's connection maker does not back off to 5 s between tries, a wait
        // that the first requests after the server's return would pay. Connections stay until idle for idleTimeout
        // (10 min). The replica's pool keeps its size: it finds its way back by reconnecting in the background.
        primary.setMinimumIdle(0);
        HikariDataSource pool = start(primary);
        HikariDataSource replica = startReplica(config, pool);

        PGSimpleDataSource direct = DirectConnections.postgres(config, url.jdbcUrl());
        return new ConnectionPools(config.name(), Engine.POSTGRESQL, url.jdbcUrl(), pool, pool, replica,
                config.maskedReadUrl(), direct, null);
    }

    /** The read replica's pool, or null without a read URL; closes {@code primary} when it cannot start. */
    private static HikariDataSource startReplica(DatabaseConfig config, HikariDataSource primary)
            throws SQLException {
        if (config.readUrl() == null) {
            return null;
        }
        String readJdbc = DatabaseUrls.parse(config.readUrl()).jdbcUrl();
        HikariConfig hikari = postgres(config, config.name() + "-reader", readJdbc, config.readUsername(),
                config.readPassword());
        if (PrimaryGuard.servers(readJdbc).size() > 1) {
            // Several hosts: a standby when one answers, else whichever does; the URL's own setting wins.
            hikari.addDataSourceProperty("targetServerType", "preferSecondary");
            hikari.addDataSourceProperty("hostRecheckSeconds", "2");
        }
        hikari.setInitializationFailTimeout(-1); // start now, connect in the background: the replica may be away
        try {
            return start(hikari);
        } catch (SQLException | RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /**
     * Several hosts in the primary's URL: a {@link PrimaryGuard} finds the primary among them and makes every write
     * connection, pooled or not, to it alone.
     */
    private static ConnectionPools openMultiHost(DatabaseConfig config, ParsedUrl url) throws SQLException {
        Properties driver = new Properties();
        if (config.username() != null) {
            driver.setProperty("user", config.username());
        }
        if (config.password() != null) {
            driver.setProperty("password", config.password());
        }
        driverProperties(config, config.name()).forEach(driver::put);
        Relay relay = new Relay();
        PrimaryGuard guard = new PrimaryGuard(config.name(), url.jdbcUrl(), driver, relay);
        if (!guard.survey()) {
            throw new SQLTransientConnectionException("No primary to write to among the hosts "
                    + String.join(", ", guard.serverList()) + (guard.splitBrain() == null ? ""
                    : " (split brain: " + guard.splitBrain() + ")"), "08001");
        }
        HikariConfig primary = common(config, config.name());
        primary.setDataSource(guard.dataSource());
        primary.setMaximumPoolSize(config.poolSize());
        primary.setMinimumIdle(0);
        HikariDataSource pool = start(primary);
        HikariDataSource replica = startReplica(config, pool);
        ConnectionPools pools = new ConnectionPools(config.name(), Engine.POSTGRESQL, url.jdbcUrl(), pool, pool,
                replica, config.maskedReadUrl(), guard.dataSource(), null, guard, config.readOnlyProbeInterval());
        relay.pools = pools;
        return pools;
    }

    /** Hands the guard's events on to the database's listener once the pools exist; a new primary renews sessions. */
    private static final class Relay implements DatabaseListener {
        private volatile ConnectionPools pools;

        @Override
        public void onPrimaryChanged(String from, String to) {
            ConnectionPools p = pools;
            if (p != null) {
                p.evictAll(p.writer()); // sessions of the previous primary must not take another write
                p.replicaListener.onPrimaryChanged(from, to);
            }
        }

        @Override
        public void onSplitBrain(String refused, String accepted) {
            ConnectionPools p = pools;
            if (p != null) {
                p.replicaListener.onSplitBrain(refused, accepted);
            }
        }
    }

    /** The driver settings of every PostgreSQL connection, as Strings (see {@link #postgres}). */
    private static Properties driverProperties(DatabaseConfig config, String applicationName) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", Integer.toString(seconds(config.connectTimeout())));
        p.setProperty("loginTimeout", Integer.toString(seconds(config.connectTimeout())));
        p.setProperty("socketTimeout", Integer.toString(seconds(config.socketTimeout())));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("reWriteBatchedInserts", "true");
        // Keep row values (such as "Failing row contains (…)") out of exception messages that may be logged.
        p.setProperty("logServerErrorDetail", "false");
        if (config.pooler() == Pooler.TRANSACTION) {
            // Each transaction may run on another server session: a statement prepared on one is unknown on the
            // next (26000) or already there (42P05). Unnamed statements only.
            p.setProperty("prepareThreshold", "0");
        }
        return p;
    }

    private static HikariConfig postgres(DatabaseConfig config, String poolName, String jdbcUrl, String username,
                                         String password) {
        HikariConfig hikari = common(config, poolName);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setDriverClassName("org.postgresql.Driver");
        hikari.setUsername(username);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(config.poolSize());
        // As Strings: HikariCP hands these to the driver as java.util.Properties, and pgjdbc reads only String
        // values (stringPropertyNames()); an Integer would be dropped without a word, leaving no time-out at all.
        driverProperties(config, config.name()).forEach((k, v) -> hikari.addDataSourceProperty((String) k, v));
        return hikari;
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
                return new ConnectionPools(config.name(), Engine.SQLITE, jdbc, pool, pool, null, null,
                        sqliteDataSource(jdbc, config, true, false), keeper);
            } catch (SQLException | RuntimeException e) {
                keeper.close();
                throw e;
            }
        }
        Path file = url.sqliteFile();
        SqliteFiles.prepare(file);
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
            return new ConnectionPools(config.name(), Engine.SQLITE, jdbc, writer, reader, null, null,
                    sqliteDataSource(jdbc, config, false, false), null);
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
        return DirectConnections.sqlite(jdbc, config, memory, immediate);
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
        return DirectConnections.seconds(d);
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

    /**
     * Connections to the primary for read-only transactions (the writer's pool on PostgreSQL and in-memory SQLite);
     * with a read replica, see {@link #readSource()}.
     */
    public DataSource reader() {
        return reader;
    }

    /** Unpooled connections with the same settings, for migrations that must not take pooled connections. */
    public DataSource unpooled() {
        return unpooled;
    }

    /**
     * Connections for a read transaction: the read replica's pool when one is configured, verified healthy by the
     * last {@link #replicaChecked check} and not lost, else {@link #reader()}. A replica marked lost by
     * {@link #connectionFailed} takes reads again as soon as its pool, which keeps reconnecting in the background,
     * holds an idle connection.
     */
    public DataSource readSource() {
        if (replica == null || replicaHealth != Boolean.TRUE) {
            return reader;
        }
        if (replicaLost.get()) {
            HikariPoolMXBean bean = replica.getHikariPoolMXBean();
            if (bean == null || bean.getIdleConnections() == 0) {
                return reader;
            }
            if (replicaLost.compareAndSet(true, false)) {
                LOG.info("[{}] Read replica {} is reachable again: read transactions use it again", name,
                        maskedReplicaUrl);
                replicaListener.onReadReplicaChanged(true, maskedReplicaUrl);
            }
        }
        return replica;
    }

    /** The read replica's pool, or null without one; for its health checks. */
    public DataSource replica() {
        return replica;
    }

    /**
     * The verdict of a health check of the read replica ({@link ReplicaMonitor}): while it is not healthy (a promoted
     * standby, another timeline than the primary's, too far behind), reads use the primary. Until the first verdict
     * reads use the primary too. A change is logged once (WARN when the replica is left, INFO when it is taken back)
     * and told to the listener, except the first verdict that finds it healthy.
     *
     * @param healthy whether reads may use the replica
     * @param reason  why not, or what it is now
     */
    public void replicaChecked(boolean healthy, String reason) {
        Boolean previous;
        synchronized (replicaLost) {
            previous = replicaHealth;
            if (previous != null && previous == healthy) {
                return;
            }
            replicaHealth = healthy;
        }
        if (!healthy) {
            LOG.warn("[{}] Read replica {} is not used: {}; read transactions use the primary until it is a healthy "
                    + "standby again", name, maskedReplicaUrl, reason);
            if (!replicaLost.get()) { // when lost, the listener has heard already
                replicaListener.onReadReplicaChanged(false, maskedReplicaUrl);
            }
        } else if (previous != null) {
            LOG.info("[{}] Read replica {} is healthy again ({}): read transactions use it again", name,
                    maskedReplicaUrl, reason);
            if (!replicaLost.get()) {
                replicaListener.onReadReplicaChanged(true, maskedReplicaUrl);
            }
        } else {
            LOG.info("[{}] Read replica {} verified ({}): read transactions use it", name, maskedReplicaUrl, reason);
        }
    }

    /** Tells the listener when reads move off the read replica or back to it. Call once, before use. */
    public void onReplicaChange(DatabaseListener listener) {
        this.replicaListener = Objects.requireNonNull(listener, "listener cannot be null");
    }

    /**
     * Whether read transactions go to the read replica now: false without one, and while it is lost (reads then use
     * the primary). Does not touch the network.
     */
    public boolean replicaInUse() {
        return replica != null && readSource() == replica;
    }

    /** Whether connections from this source go to the read replica. */
    public boolean isReplica(DataSource source) {
        return replica != null && source == replica;
    }

    /**
     * A connection from a pool, waiting at most {@code timeoutMillis} for one (less than the pool's own
     * {@code connectionTimeout} when a caller's deadline is nearer). On PostgreSQL, when none has come after
     * {@value #FIRST_WAIT_MILLIS} ms, this fails at once rather than waiting out the time-out while HikariCP retries in
     * the background, when the pool's last try to connect failed ({@link #cannotConnect}) or the server refuses TCP
     * connections or lets them time out (SQLState 08001).
     *
     * @throws SQLException when none can be had in time; HikariCP gives it the SQLState of the last failure to connect
     */
    public Connection connection(DataSource source, long timeoutMillis) throws SQLException {
        HikariDataSource pool = pool(source);
        if (!(pool.getHikariPoolMXBean() instanceof HikariPool hikari)) {
            return pool.getConnection();
        }
        long timeout = Math.max(1, timeoutMillis);
        InetSocketAddress address = address(pool);
        if (address == null || timeout <= FIRST_WAIT_MILLIS) {
            return hikari.getConnection(timeout);
        }
        long start = System.nanoTime();
        try {
            return hikari.getConnection(FIRST_WAIT_MILLIS);
        } catch (SQLTransientConnectionException slow) {
            if (cannotConnect(slow.getSQLState())) {
                failed(pool);
                throw slow; // the pool's own tries to connect fail now: waiting longer would not help
            }
            SQLException down = tcpCheck(pool, address, timeout - FIRST_WAIT_MILLIS);
            if (down != null) {
                down.addSuppressed(slow);
                throw down;
            }
            long left = timeout - (System.nanoTime() - start) / 1_000_000;
            if (left <= 0) {
                throw slow;
            }
            return hikari.getConnection(left);
        }
    }

    /**
     * Whether a pool time-out's SQLState (that of the pool's last failed try to connect, cleared by its next success)
     * says the server cannot be connected to now: 08xxx, or 57P03 (shutting down, starting up). Null means the pool
     * was merely busy.
     */
    public static boolean cannotConnect(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P03"));
    }

    private InetSocketAddress address(HikariDataSource pool) {
        if (pool == writer && guard != null) {
            return guard.address();
        }
        return pool == replica ? replicaAddress : pool == writer ? writerAddress : null;
    }

    /** The pooler in front of the server ({@link Pooler#NONE} for SQLite). */
    public Pooler pooler() {
        return pooler;
    }

    /** With a multi-host URL, what finds the primary among the hosts; else null. */
    public PrimaryGuard guard() {
        return guard;
    }

    /**
     * Whether the PostgreSQL server behind a pool refuses TCP connections or lets them time out, asked only when the
     * pool has no idle connection and one of its connections failed in the last {@value #RECENT_SECONDS} seconds: the
     * server is then clearly unreachable, and a caller need not wait for the pool's time-out to learn it. Returns null
     * without touching the network otherwise (a busy pool of a healthy server costs nothing), on SQLite, and when the
     * server accepts the TCP connection (it may still not answer; the caller's deadline bounds that).
     *
     * @param timeoutMillis the longest wait for the TCP connection
     * @return the failure, with SQLState 08001, or null
     */
    public SQLException unreachable(DataSource source, long timeoutMillis) {
        HikariDataSource pool = pool(source);
        InetSocketAddress address = address(pool);
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        long failedAt = pool == replica ? replicaFailedAt : writerFailedAt;
        if (address == null || bean == null || bean.getIdleConnections() > 0 || failedAt == 0
                || System.nanoTime() - failedAt > RECENT_SECONDS * 1_000_000_000L) {
            return null;
        }
        return tcpCheck(pool, address, timeoutMillis);
    }

    /** Null when the server accepts a TCP connection within the time, else why not (SQLState 08001). */
    private SQLException tcpCheck(HikariDataSource pool, InetSocketAddress address, long timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHostString(), address.getPort()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis)));
            return null;
        } catch (ConnectException | SocketTimeoutException e) {
            failed(pool);
            return new SQLTransientConnectionException("Cannot reach " + address.getHostString() + ":"
                    + address.getPort() + " (" + e.getMessage() + ") and pool " + pool.getPoolName()
                    + " holds no connection", "08001", e);
        } catch (IOException e) {
            return null; // e.g. a name that does not resolve now: leave it to the driver to say why
        }
    }

    /**
     * A connection to the primary outside the pools, a session of its own: it sees the database's current settings
     * (such as {@code default_transaction_read_only}) where a pooled session keeps those it started with. SQLite: the
     * writer's pooled connection (a page limit or a lock is a property of that connection). The caller closes it.
     */
    public Connection freshWriterSession() throws SQLException {
        return engine == Engine.POSTGRESQL ? unpooled.getConnection() : writer.getConnection();
    }

    /**
     * Takes a connection out of its pool for good (closing it), e.g. when it may be left in an unknown state.
     *
     * @param source the pool it came from: {@link #writer()}, {@link #reader()} or {@link #readSource()}
     */
    public void evict(DataSource source, Connection connection) {
        pool(source).evictConnection(connection);
    }

    /**
     * Replaces every connection of a pool: idle ones at once, those in use when they are returned. A lost server
     * usually takes all of them, and a retry must not be handed another dead one; a PostgreSQL session keeps the
     * read-only default it started with.
     *
     * @param source the pool: {@link #writer()}, {@link #reader()} or {@link #readSource()}
     */
    public void evictAll(DataSource source) {
        HikariPoolMXBean bean = pool(source).getHikariPoolMXBean();
        if (bean != null) {
            bean.softEvictConnections();
        }
    }

    /**
     * A connection of this pool failed (a lost or refused connection): replaces the pool's connections, and when it
     * is the read replica's, sends read transactions to the primary until the replica's pool has reconnected. Losing
     * the replica is logged once, at WARN, until it is back.
     *
     * @param code the failure's SQLState, or null
     */
    public void connectionFailed(DataSource source, String code) {
        failed(pool(source));
        evictAll(source);
        if (isReplica(source) && replicaLost.compareAndSet(false, true)) {
            LOG.warn("[{}] Read replica {} is unreachable ({}): read transactions use the primary until it is back",
                    name, maskedReplicaUrl, code == null ? "no SQLState" : code);
            replicaListener.onReadReplicaChanged(false, maskedReplicaUrl);
        }
    }

    private void failed(HikariDataSource pool) {
        long now = System.nanoTime();
        if (pool == replica) {
            replicaFailedAt = now == 0 ? 1 : now;
        } else {
            writerFailedAt = now == 0 ? 1 : now;
        }
    }

    private HikariDataSource pool(DataSource source) {
        if (source == writer) {
            return writer;
        }
        if (source == reader) {
            return reader;
        }
        if (replica != null && source == replica) {
            return replica;
        }
        throw new IllegalArgumentException("not a pool of database " + name + ": " + source);
    }

    /** Every pool: the writer, the reader when it is another pool, and the read replica's. */
    public List<DataSource> all() {
        List<DataSource> all = new java.util.ArrayList<>(List.of(writer));
        if (reader != writer) {
            all.add(reader);
        }
        if (replica != null) {
            all.add(replica);
        }
        return List.copyOf(all);
    }

    /** Pool figures: active, idle, total, waiting, summed over the pools. */
    public int[] figures() {
        int[] out = new int[4];
        add(out, writer.getHikariPoolMXBean());
        if (reader != writer) {
            add(out, reader.getHikariPoolMXBean());
        }
        if (replica != null) {
            add(out, replica.getHikariPoolMXBean());
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
        if (surveys != null) {
            surveys.shutdownNow();
        }
        if (replica != null) {
            replica.close();
        }
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
