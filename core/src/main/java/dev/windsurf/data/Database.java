package dev.windsurf.data;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.windsurf.data.internal.ListenerDispatch;
import dev.windsurf.data.internal.Telemetry;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.error.ConstraintCatalog;
import dev.windsurf.data.internal.error.ErrorTranslator;
import dev.windsurf.data.internal.migration.SchemaCheck;
import dev.windsurf.data.internal.pool.ConnectionPools;
import dev.windsurf.data.internal.pool.DirectConnections;
import dev.windsurf.data.internal.pool.ReplicaMonitor;
import dev.windsurf.data.internal.pool.ReplicaReplay;
import dev.windsurf.data.internal.readonly.ReadOnlyExecuteListener;
import dev.windsurf.data.internal.readonly.ReadOnlyGate;
import dev.windsurf.data.internal.readonly.WriteProbe;
import dev.windsurf.data.internal.tracing.Endpoint;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.FailureKind;
import dev.windsurf.data.internal.tx.TransactionObserver;
import dev.windsurf.data.internal.tx.TransactionRunner;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.Migrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database for a service to embed: owns the connection pools, the jOOQ configuration, the schema check and the
 * retry rules, on PostgreSQL or on embedded SQLite.
 *
 * <pre>{@code
 * try (Database db = Database.fromEnvironment()) {          // DATABASE_URL, or ./data/windsurf.db
 *     int notes = db.read(tx -> tx.fetchCount(NOTES));       // NOTES: a table of a migration set's generated classes
 *     db.writeVoid(tx -> tx.update(NOTES).set(NOTES.BODY, "done").where(NOTES.ID.eq(id)).execute());
 * }
 * }</pre>
 *
 * <p>Start-up: the settings are validated and logged once (passwords masked), the primary is reached (with
 * {@link DatabaseConfig#startupAttempts()} attempts), or else the fallback if one is configured, then every migration
 * set on the class path ({@link MigrationSet}) is checked, in dependency order, against the version its generated
 * classes were built from ({@link SchemaPolicy}).
 *
 * <p>Transactions: {@link #read}, {@link #write} and {@link #writeVoid} run work in one transaction and retry the
 * whole transaction after transient failures (lost connections, serialization failures, deadlocks, lock time-outs,
 * SQLITE_BUSY), never after a failure that leaves the outcome of a COMMIT unknown. Failures arrive as
 * {@link DataException} subtypes carrying the SQLState. Each call ends within {@link DatabaseConfig#operationTimeout()}
 * (default 5 s), all attempts together: a server that stops answering yields {@link UnavailableException}, or
 * {@link TransactionOutcomeUnknownException} for a write whose {@code COMMIT} went unanswered.
 *
 * <p>Read-only degradation: when the database stops taking writes, the Database enters READ_ONLY mode, refuses
 * writes at once with {@link ReadOnlyModeException}, keeps serving reads, and returns to READ_WRITE by itself when a
 * probe finds writes work again; see {@link #readOnly()}.
 *
 * <p>Thread-safe; meant to be shared by the whole service, including virtual threads. {@link #close()} releases
 * every connection and is idempotent.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseConfig config;
    private final ConnectionPools pools;
    private final boolean fallbackActive;
    private final String schemaVersion;
    private final List<MigrationSet> sets;
    private final List<Health.SetVersion> setVersions;
    private final ListenerDispatch listeners;
    private final Telemetry telemetry;
    private final ReplicaMonitor replicaMonitor;
    private final ReplicaReplay replay;
    /** The position after the last write committed on each thread; only with a read replica. */
    private final ThreadLocal<CommitPosition> lastCommit = new ThreadLocal<>();
    /** The consistency of the reads in a {@link #readingAtLeast} scope on each thread. */
    private final ThreadLocal<ReadConsistency> ambient = new ThreadLocal<>();
    private final TransactionRunner runner;
    private final ReadOnlyGate gate;
    private final DSLContext dsl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(DatabaseConfig config, ConnectionPools pools, boolean fallbackActive, List<MigrationSet> sets,
                     List<SchemaCheck.Outcome> outcomes, ListenerDispatch listeners, Telemetry telemetry) {
        this.config = config;
        this.pools = pools;
        this.fallbackActive = fallbackActive;
        this.sets = sets;
        this.setVersions = outcomes.stream()
                .map(o -> new Health.SetVersion(o.set(), o.versionAfter(), o.codeVersion())).toList();
        this.schemaVersion = outcomes.isEmpty() ? null : outcomes.getLast().versionAfter();
        this.listeners = listeners;
        this.telemetry = telemetry;
        pools.onReplicaChange(listeners);
        this.replicaMonitor = pools.replica() == null ? null : new ReplicaMonitor(config.name(), pools,
                config.replicaMaxLag(), config.replicaCheckInterval());
        this.replay = pools.replica() == null ? null : new ReplicaReplay(pools);
        Configuration base = new DefaultConfiguration()
                .set(pools.dialect())
                .set(new Settings().withExecuteLogging(false).withRenderSchema(false));
        if (telemetry.statements() != null) {
            base = base.deriveAppending(telemetry.statements());
        }
        this.gate = new ReadOnlyGate(config.name(), config.readOnlyProbeInterval(),
                config.readOnlyOnConnectionFailure(), config.clock(), listeners, new WriteProbe(config.name(), pools,
                config.operationTimeout()));
        this.dsl = DSL.using(base.derive(new DataSourceConnectionProvider(pools.writer()))
                .derive(new ReadOnlyExecuteListener(gate)));
        ErrorTranslator translator = new ErrorTranslator(ConstraintCatalog.of(sets), config.name());
        this.runner = new TransactionRunner(config.name(), pools, base, config.isolation(), config.retry(),
                translator, new Observer(), gate, config.operationTimeout());
        telemetry.bind(Endpoint.of(pools.engine(), pools.jdbcUrl()), config.readUrl() == null ? null
                        : Endpoint.of(Engine.POSTGRESQL, DatabaseUrls.parse(config.readUrl()).jdbcUrl()),
                pools.all(), gate::isReadOnly, fallbackActive, pools::replicaInUse,
                replicaMonitor == null ? null : replicaMonitor::lagSeconds, setVersions);
    }

    /**
     * Starts a database from the process environment ({@code DATABASE_URL} and the variables listed at
     * {@link DatabaseConfig.Builder#environment}); with none set, an SQLite file {@code ./data/windsurf.db}.
     *
     * @return the started database, open until {@link #close()}
     * @throws IllegalArgumentException when a variable is invalid
     * @throws UnavailableException     when the database cannot be reached
     * @throws SchemaOutOfDateException when the schema check refuses the database
     */
    public static Database fromEnvironment() {
        return start(DatabaseConfig.fromEnvironment().build());
    }

    /**
     * Starts a database.
     *
     * @param config the settings, from {@link DatabaseConfig#builder()} or {@link DatabaseConfig#fromEnvironment()}
     * @return the started database, open until {@link #close()}
     * @throws UnavailableException     when neither the primary nor the fallback can be reached
     * @throws SchemaOutOfDateException when the schema check refuses the database
     * @throws DataException            when the database refuses the connection for another reason (e.g. login)
     */
    public static Database start(DatabaseConfig config) {
        Objects.requireNonNull(config, "config cannot be null");
        long started = System.nanoTime();
        Telemetry telemetry = Telemetry.of(config);
        List<DatabaseListener> all = new ArrayList<>(config.listeners());
        all.addAll(telemetry.listeners());
        ListenerDispatch listeners = new ListenerDispatch(config.name(), all);
        LOG.info("[{}] Starting: {}", config.name(), config);
        DatabaseConfig active = config;
        boolean fallback = false;
        ConnectionPools pools;
        try {
            pools = connect(config);
        } catch (ConnectFailure primaryFailure) {
            if (config.fallbackUrl() == null || primaryFailure.kind != FailureKind.CONNECTION) {
                throw primaryFailure.toException(config, config.fallbackUrl() == null
                        ? " Check that it is running and reachable, or set DATABASE_FALLBACK_URL to start on a fallback."
                        : "");
            }
            LOG.warn("[{}] Primary database {} is unreachable ({}): starting on the fallback {}. Writes made there "
                            + "never reach the primary.", config.name(), config.maskedUrl(),
                    primaryFailure.getCause().getMessage(), config.maskedFallbackUrl());
            listeners.onFallbackActivated(config.maskedUrl(), config.maskedFallbackUrl(), primaryFailure.getCause());
            active = config.onFallback();
            try {
                pools = connect(active);
            } catch (ConnectFailure fallbackFailure) {
                throw fallbackFailure.toException(active, " The primary " + config.maskedUrl()
                        + " was unreachable too.");
            }
            fallback = true;
        }
        try {
            List<MigrationSet> sets = active.migrationSets() != null ? active.migrationSets()
                    : MigrationSet.discover(classLoader());
            // NONE only reads the version: a pooled connection, already open, is cheaper than a new one.
            List<SchemaCheck.Outcome> outcomes = new SchemaCheck(active.name(),
                    active.schemaPolicy() == SchemaPolicy.NONE ? pools.writer() : pools.unpooled(), active.engine(),
                    sets).run(active.schemaPolicy(), active.allowNewerSchema());
            for (SchemaCheck.Outcome outcome : outcomes) {
                listeners.onSchemaChecked(active.schemaPolicy(), outcome.versionBefore(), outcome.codeVersion(),
                        outcome.applied());
            }
            Database db = new Database(active, pools, fallback, sets, outcomes, listeners, telemetry);
            Health health = db.health();
            LOG.info("[{}] Started on {} {}{} at schema {} (policy {}) in {} ms", active.name(),
                    active.engine(), active.maskedUrl(), fallback ? " (FALLBACK)" : "", describe(outcomes),
                    active.schemaPolicy(), Duration.ofNanos(System.nanoTime() - started).toMillis());
            listeners.onStarted(health);
            return db;
        } catch (RuntimeException e) {
            pools.close();
            if (e instanceof DataException) {
                throw e;
            }
            FailureClassifier.Classification c = FailureClassifier.classify(e);
            if (c.exception() != null) {
                throw new UnavailableException("Schema check on " + active.maskedUrl() + " failed (" + c.code()
                        + "): " + e.getMessage(), c.code(), 1, e);
            }
            throw e;
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Database.class.getClassLoader();
    }

    private static String describe(List<SchemaCheck.Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return "with no migration set on the class path";
        }
        if (outcomes.size() == 1) {
            return "version " + (outcomes.getFirst().versionAfter() == null ? "none"
                    : outcomes.getFirst().versionAfter());
        }
        return outcomes.stream().map(o -> o.set() + " " + (o.versionAfter() == null ? "none" : o.versionAfter()))
                .collect(java.util.stream.Collectors.joining(", ", "versions ", ""));
    }

    private static ConnectionPools connect(DatabaseConfig config) throws ConnectFailure {
        RetryPolicy<Object> policy = RetryPolicy.builder()
                .handleIf(e -> e instanceof SQLException sql
                        && FailureClassifier.classify(sql).kind() == FailureKind.CONNECTION)
                .withMaxAttempts(config.startupAttempts())
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .withJitter(0.2)
                .onRetry(event -> LOG.info("[{}] Cannot reach {} yet (attempt {} of {}): {}", config.name(),
                        config.maskedUrl(), event.getAttemptCount(), config.startupAttempts(),
                        event.getLastException().getMessage()))
                .build();
        int[] attempts = {0};
        try {
            return Failsafe.with(policy).get(() -> {
                attempts[0]++;
                return ConnectionPools.open(config);
            });
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectFailure(FailureClassifier.classify(cause), attempts[0], cause);
        }
    }

    /** Why the pools could not be opened. */
    private static final class ConnectFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final FailureKind kind;
        private final String code;
        private final int attempts;

        ConnectFailure(FailureClassifier.Classification c, int attempts, Throwable cause) {
            super(cause.getMessage(), cause);
            this.kind = c.kind();
            this.code = c.code();
            this.attempts = attempts;
        }

        /** The driver's message as a sentence: one full stop at the end, not two ("…connections.."). */
        private static String sentence(String message) {
            String text = message == null ? "no reason given" : message.strip();
            return text.endsWith(".") || text.endsWith("!") || text.endsWith("?") ? text : text + ".";
        }

        DataException toException(DatabaseConfig config, String advice) {
            String state = code == null ? "" : " (" + code + ")";
            if (kind == FailureKind.CONNECTION) {
                return new UnavailableException("Cannot reach database " + config.maskedUrl() + " after " + attempts
                        + " attempt(s)" + state + ": " + sentence(getCause().getMessage()) + advice, code, attempts,
                        getCause());
            }
            return new DataException("Database " + config.maskedUrl() + " refused the connection" + state + ": "
                    + getCause().getMessage(), code, getCause());
        }
    }

    /**
     * Runs work in a read-only transaction and returns its result. On PostgreSQL the transaction is
     * {@code READ ONLY}; on SQLite it runs on a reader connection.
     *
     * <p>With a read replica ({@link DatabaseConfig.Builder#readUrl}) the transaction runs on the replica, which lags
     * behind the primary (at most {@link DatabaseConfig#replicaMaxLag()} while it is used): it may not see a write
     * that has just committed, not even one of the caller's own. Read what you must see of your own writes inside a
     * {@link #write} transaction, with {@link #readFromPrimary}, or with {@link #read(ReadConsistency,
     * TransactionFunction)} at the write's {@link #lastCommitPosition() position}. Inside a {@link #readingAtLeast}
     * scope it reads at that scope's position. When the replica's connection fails,
     * the remaining attempts run on the primary; while the primary is down, the replica goes on serving reads.
     *
     * @param <T>  the type of the work's result
     * @param work the statements to run; may run more than once when an attempt fails with a transient error
     * @return what the work returned
     * @throws DataException (or a subtype) when it fails; runtime exceptions thrown by the work pass through
     */
    public <T> T read(TransactionFunction<T> work) {
        ensureOpen();
        ReadConsistency scoped = ambient.get();
        if (scoped != null) {
            return read(scoped, work);
        }
        return runner.run(false, null, work);
    }

    /**
     * Runs work in a read-only transaction that sees at least what the consistency asks for, and returns its result.
     * With {@link ReadConsistency#atLeast}, a read replica serves it once it has replayed that far (waiting at most
     * {@link DatabaseConfig#replicaCatchUpTimeout()}, which costs one round trip to the replica when it is there
     * already); otherwise the primary does. Without a read replica it is the same as {@link #read(TransactionFunction)}.
     *
     * @param <T>         the type of the work's result
     * @param consistency how recent the data must be: {@link ReadConsistency#any()} or at least a commit position
     * @param work        the statements to run; may run more than once when an attempt fails with a transient error
     * @return what the work returned
     * @throws DataException (or a subtype) when it fails; runtime exceptions thrown by the work pass through
     */
    public <T> T read(ReadConsistency consistency, TransactionFunction<T> work) {
        Objects.requireNonNull(consistency, "consistency cannot be null");
        ensureOpen();
        return runner.run(false, mustUsePrimary(consistency), null, work);
    }

    /** Whether a read of this consistency must go to the primary: the replica in use has not replayed far enough. */
    private boolean mustUsePrimary(ReadConsistency consistency) {
        Optional<CommitPosition> position = consistency.position();
        if (position.isEmpty() || replay == null || runner.inTransaction() || !pools.replicaInUse()) {
            return false;
        }
        return !replay.awaitReplayed(position.get().asLong(), config.replicaCatchUpTimeout());
    }

    /**
     * The position in the primary's write-ahead log after the last write transaction that this thread committed
     * through this database, for reading it back later with {@link ReadConsistency#atLeast} (for instance from
     * another request of the same client). Present only with a read replica: it costs one round trip to the primary
     * after each outermost write, and only a replica can lag. Empty also when the primary could not tell after the
     * commit.
     *
     * @return the position of this thread's last committed write, or empty (no read replica, no write yet, or the
     *         primary could not tell)
     */
    public Optional<CommitPosition> lastCommitPosition() {
        return Optional.ofNullable(lastCommit.get());
    }

    /**
     * Makes every {@link #read} and {@link #query} on the calling thread see at least the position until the scope is
     * closed, so that code that does not take a consistency (such as the services) reads a client's own writes. Scopes
     * nest; closing one restores the consistency before it. Close it on the thread that opened it.
     *
     * @param position the position that reads in the scope must see; not null
     * @return the scope, to close (try-with-resources) on the same thread
     */
    public ConsistencyScope readingAtLeast(CommitPosition position) {
        ReadConsistency consistency = ReadConsistency.atLeast(position);
        ReadConsistency previous = ambient.get();
        ambient.set(consistency);
        return () -> {
            if (previous == null) {
                ambient.remove();
            } else {
                ambient.set(previous);
            }
        };
    }

    /** A scope opened by {@link #readingAtLeast}; {@link #close()} ends it and throws nothing. */
    public interface ConsistencyScope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs read work without opening a transaction and returns its result: each statement runs on its own in
     * autocommit mode and sees what was committed when it started, with the retries and the read-replica routing of
     * {@link #read}. For a single statement the result is the one {@link #read} gives, for one round trip less on
     * PostgreSQL (no {@code COMMIT}); the services use it for their one-statement lookups and pages. Use {@link #read}
     * when several statements must run in one transaction (e.g. with row locks).
     *
     * @param <T>  the type of the work's result
     * @param work the statement to run; may run more than once when an attempt fails with a transient error
     * @return what the work returned
     * @throws IllegalStateException when the work runs a statement that writes (use {@link #write})
     * @throws DataException         (or a subtype) when it fails; runtime exceptions thrown by the work pass through
     */
    public <T> T query(TransactionFunction<T> work) {
        ensureOpen();
        ReadConsistency scoped = ambient.get();
        if (scoped != null && mustUsePrimary(scoped)) {
            return runner.run(false, true, null, work);
        }
        return runner.query(work);
    }

    /**
     * Runs work in a read-only transaction on the primary, never on the read replica, so that it sees every write
     * committed before it began: for reads that must not lag, such as checking credentials or reading back what the
     * caller just wrote. Without a read replica it is the same as {@link #read}.
     *
     * @param <T>  the type of the work's result
     * @param work the statements to run; may run more than once when an attempt fails with a transient error
     * @return what the work returned
     * @throws DataException (or a subtype) when it fails; runtime exceptions thrown by the work pass through
     */
    public <T> T readFromPrimary(TransactionFunction<T> work) {
        ensureOpen();
        return runner.run(false, true, null, work);
    }

    /**
     * Runs work in a write transaction at the configured isolation and returns its result.
     *
     * @param <T>  the type of the work's result
     * @param work the statements to run; runs again from the start when an attempt fails with a transient error, so
     *             it must not have effects outside the transaction
     * @return what the work returned, after the transaction committed
     * @throws ReadOnlyModeException              at once while the database is READ_ONLY, or when the database refused
     *                                            this write (which then makes it READ_ONLY)
     * @throws TransactionOutcomeUnknownException when the connection failed during COMMIT
     * @throws UnavailableException               when transient failures outlasted the retries
     * @throws DataException                      (or another subtype) for permanent failures
     */
    public <T> T write(TransactionFunction<T> work) {
        ensureOpen();
        return committed(runner.run(true, null, work));
    }

    /**
     * Runs work in a write transaction at the given isolation and returns its result. Serialization failures
     * (40001) are retried like any transient failure.
     *
     * @param <T>       the type of the work's result
     * @param isolation the isolation level of this transaction (SQLite ignores it)
     * @param work      the statements to run; runs again from the start when an attempt fails with a transient error
     * @return what the work returned, after the transaction committed
     * @throws ReadOnlyModeException              at once while the database is READ_ONLY, or when the database refused
     *                                            this write
     * @throws TransactionOutcomeUnknownException when the connection failed during COMMIT
     * @throws UnavailableException               when transient failures outlasted the retries
     * @throws DataException                      (or another subtype) for permanent failures
     */
    public <T> T write(Isolation isolation, TransactionFunction<T> work) {
        ensureOpen();
        return committed(runner.run(true, Objects.requireNonNull(isolation, "isolation cannot be null"), work));
    }

    /** After an outermost write committed, with a read replica: notes where the primary's WAL ends now. */
    private <T> T committed(T result) {
        if (replay != null && !runner.inTransaction()) {
            try {
                lastCommit.set(CommitPosition.parse(replay.primaryPosition()));
            } catch (SQLException | RuntimeException e) {
                lastCommit.remove(); // the write stands; only its position is unknown
                LOG.debug("[{}] Cannot read the commit position after a write: {}", config.name(), e.toString());
            }
        }
        return result;
    }

    /**
     * Runs work without a result in a write transaction; see {@link #write(TransactionFunction)}.
     *
     * @param work the statements to run; runs again from the start when an attempt fails with a transient error
     * @throws DataException (or a subtype) as {@link #write(TransactionFunction)} throws it
     */
    public void writeVoid(TransactionAction work) {
        Objects.requireNonNull(work, "work cannot be null");
        write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /**
     * Whether a transaction of this database is open on the calling thread.
     *
     * @return true while the calling thread runs the work of a {@link #read} or {@link #write} of this database
     */
    public boolean inTransaction() {
        return runner.inTransaction();
    }

    /**
     * A jOOQ context outside any transaction: each statement runs on its own in autocommit mode, with no retry.
     * Statements that write are refused while the database is READ_ONLY. Prefer {@link #read} and {@link #write}.
     *
     * @return a context that uses the primary's pool; thread-safe
     */
    public DSLContext dsl() {
        ensureOpen();
        return dsl;
    }

    /**
     * The pooled connections that write transactions use (on SQLite, the single writer), for code that needs plain
     * JDBC. Connections taken here bypass retries; return them promptly.
     *
     * @return the primary's (writer's) data source
     */
    public DataSource dataSource() {
        ensureOpen();
        return pools.writer();
    }

    /**
     * The settings in use (the fallback's when {@link #fallbackActive()}).
     *
     * @return the settings this database runs with; immutable
     */
    public DatabaseConfig config() {
        return config;
    }

    /**
     * The engine in use.
     *
     * @return {@link Engine#POSTGRESQL} or {@link Engine#SQLITE}, that of the fallback when it is in use
     */
    public Engine engine() {
        return pools.engine();
    }

    /**
     * The read-only mode: its state, operator controls ({@code enter}/{@code exit}) and counters.
     *
     * @return the control of this database's read-only mode; thread-safe
     */
    public ReadOnlyControl readOnly() {
        return gate;
    }

    /**
     * The migration lifecycle of this database (Alembic's commands over this build's Flyway files: upgrade, downgrade,
     * current, history, check, stamp, repair, autogenerate), on unpooled connections so that it never takes the
     * application's. Valid while this database is open.
     *
     * @return the lifecycle of the last migration set; with no set found, one over Flyway's default locations
     * @throws IllegalStateException when the database is closed, or reached through a {@link Pooler#TRANSACTION}
     *                               pooler (migrations need a direct URL)
     */
    public Migrations migrations() {
        ensureOpen();
        refuseThroughTransactionPooler();
        if (sets.isEmpty()) {
            return Migrations.builder(pools.unpooled(), pools.engine()).name(config.name())
                    .source(config.maskedUrl()).build();
        }
        return migrations(sets.getLast().name());
    }

    /**
     * The migration lifecycle of one migration set of this database; {@link #migrations()} is the last set's (a
     * service's own set, when it stacks one on others). A set that others depend on cannot be downgraded while they
     * are applied.
     *
     * @param set the set's name, as in {@link MigrationSet#name()}
     * @return the lifecycle of that set
     * @throws IllegalArgumentException when the database has no set of that name
     * @throws IllegalStateException    when the database is closed, or reached through a {@link Pooler#TRANSACTION}
     *                                  pooler (migrations need a direct URL)
     */
    public Migrations migrations(String set) {
        ensureOpen();
        refuseThroughTransactionPooler();
        Objects.requireNonNull(set, "set cannot be null");
        MigrationSet found = sets.stream().filter(s -> s.name().equals(set)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Database " + config.name() + " has no migration set "
                        + "named '" + set + "' (sets: " + sets.stream().map(MigrationSet::name).toList() + ")"));
        return Migrations.builder(pools.unpooled(), pools.engine()).name(config.name()).source(config.maskedUrl())
                .set(found, sets).build();
    }

    /**
     * Migrations hold a session-level advisory lock and run several transactions in one session: not through a pooler
     * in transaction mode, where each transaction may run on another server session.
     */
    private void refuseThroughTransactionPooler() {
        DirectConnections.requireDirect(config);
    }

    /**
     * The migration sets of this database, in dependency order (empty when none was found).
     *
     * @return the sets, immutable; empty when none was found
     */
    public List<MigrationSet> migrationSets() {
        return sets;
    }

    /**
     * Whether the primary was unreachable at start and the fallback is in use.
     *
     * @return true while the fallback database serves instead of the primary
     */
    public boolean fallbackActive() {
        return fallbackActive;
    }

    /**
     * The schema version after the start-up check of the last migration set (see {@link #migrationSets()}), or null
     * for an empty database (policy NONE); {@link #health()} lists every set's.
     *
     * @return the version, such as {@code "3"}, or null
     */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * A snapshot of the state, with a live check that a connection can be had and is valid (bounded by the
     * validation time-out).
     *
     * @return a new snapshot; each call checks a connection again
     */
    public Health health() {
        boolean up = !closed.get() && probe(pools.reader());
        int[] f = closed.get() ? new int[4] : pools.figures();
        boolean replicaInUse = !closed.get() && pools.replicaInUse();
        boolean readsUp = up || replicaInUse && probe(pools.replica());
        return new Health(config.name(), pools.engine(), config.maskedUrl(), fallbackActive, schemaVersion,
                setVersions.isEmpty() ? null : setVersions.getLast().codeVersion(), f[0], f[1], f[2], f[3], up,
                gate.state(), config.readUrl() != null, config.maskedReadUrl(), replicaInUse, readsUp, setVersions,
                pools.guard() == null ? null : pools.guard().acceptedPrimary(),
                pools.guard() == null ? List.of() : pools.guard().refusedPrimaries());
    }

    private boolean probe(DataSource source) {
        long wait = config.validationTimeout().toMillis();
        if (pools.unreachable(source, wait) != null) {
            return false; // refused or timed out: no need to wait for the pool to say so
        }
        try (Connection c = pools.connection(source, wait)) {
            return c.isValid((int) Math.max(1, config.validationTimeout().toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Database " + config.name() + " is closed");
        }
    }

    /** Closes every pool. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            gate.close();
            if (replicaMonitor != null) {
                replicaMonitor.close();
            }
            pools.close();
            LOG.info("[{}] Closed", config.name());
            listeners.onClosed();
        }
    }

    @Override
    public String toString() {
        return "Database[" + config.name() + ", " + pools.engine() + ", " + config.maskedUrl()
                + (fallbackActive ? ", fallback" : "") + (closed.get() ? ", closed" : "") + "]";
    }

    private final class Observer implements TransactionObserver {
        @Override
        public void retrying(int attempt, String code, Throwable cause) {
            listeners.onRetry(attempt, code, cause);
            telemetry.retrying(attempt, code, cause);
        }

        @Override
        public void retriesExhausted(int attempts, Throwable cause) {
            LOG.warn("[{}] A transaction failed {} attempt(s) with transient errors; last: {}", config.name(),
                    attempts, cause.toString());
            listeners.onRetriesExhausted(attempts, cause);
            telemetry.retriesExhausted(attempts, cause);
        }

        @Override
        public Scope operationStarted(Operation operation) {
            return telemetry.operationStarted(operation);
        }

        @Override
        public Scope attemptStarted(Operation operation, int attempt, DataSource source, boolean replica) {
            return telemetry.attemptStarted(operation, attempt, source, replica);
        }
    }
}
