package dev.windsurf.data.internal.tx;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.windsurf.data.DataException;
import dev.windsurf.data.Engine;
import dev.windsurf.data.Isolation;
import dev.windsurf.data.Pooler;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.RetrySettings;
import dev.windsurf.data.TransactionFunction;
import dev.windsurf.data.TransactionOutcomeUnknownException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.internal.error.ErrorTranslator;
import dev.windsurf.data.internal.pool.ConnectionPools;
import dev.windsurf.data.internal.readonly.ReadOnlyGate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteListenerProvider;
import org.jooq.ExecuteType;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work in transactions and retries whole transactions after transient failures, deciding by SQLState and
 * SQLite result code. A transaction is retried only when it is certain that it did not commit: a failure before or
 * during the work (the database rolls back a transaction whose connection is lost), or a serialization failure
 * reported by COMMIT (PostgreSQL rolls it back). A connection lost during a write transaction's COMMIT leaves the
 * outcome unknown: that raises {@link TransactionOutcomeUnknownException} and is never re-applied.
 *
 * <p>Read transactions take their connections from {@link ConnectionPools#readSource()}: the read replica when one is
 * configured and reachable. When an attempt on the replica loses its connection, the remaining attempts of that
 * transaction run on the primary. Write transactions always run on the primary.
 *
 * <p>Every call has a deadline ({@code operationTimeout}) that bounds all of its attempts together: the wait for a
 * pooled connection takes at most the time left, each PostgreSQL statement and the {@code COMMIT} await the server's
 * reply at most for the time left (the driver's network time-out, so a silent server breaks the connection instead of
 * hanging it), and no retry starts after it. A deadline reached before {@code COMMIT} was sent means nothing was
 * written; one reached while waiting for the {@code COMMIT}'s reply leaves the outcome unknown.
 *
 * <p>A write that cannot get a connection because the server refuses connections or connecting times out turns the
 * database READ_ONLY at once (when so configured), instead of waiting for the pool on every retry.
 *
 * <p>A transaction opened while another is active on the same thread joins it (no new connection, no retry of its
 * own). Thread-safe.
 */
public final class TransactionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);
    private static final ThreadLocal<Active> ACTIVE = new ThreadLocal<>();

    /** Refuses statements that write inside {@link #query}, where no transaction would make them atomic. */
    private static final class RefuseWrites implements ExecuteListener {

        private static final long serialVersionUID = 1L;

        @Override
        public void start(ExecuteContext ctx) {
            ExecuteType type = ctx.type();
            if (type == ExecuteType.WRITE || type == ExecuteType.DDL || type == ExecuteType.BATCH) {
                throw new IllegalStateException("Database.query is for reads; run statements that write in "
                        + "Database.write");
            }
        }
    }

    private record Active(TransactionRunner owner, DSLContext dsl, boolean write, boolean transaction,
                          Connection connection, long deadline) {
    }

    /** pgjdbc ignores the executor of {@link Connection#setNetworkTimeout}; the API wants one. */
    private static final Executor DIRECT = Runnable::run;

    /**
     * Before each statement of a PostgreSQL transaction, limits the wait for the server's reply to the time left
     * before the call's deadline; refuses to start one when none is left.
     */
    private static final class StatementDeadline implements ExecuteListener {

        private static final long serialVersionUID = 1L;

        @Override
        public void executeStart(ExecuteContext ctx) {
            Active active = ACTIVE.get();
            if (active != null && active.connection != null) {
                try {
                    limitReplyWait(active.connection, active.deadline);
                } catch (SQLException e) {
                    throw new org.jooq.exception.DataAccessException(e.getMessage(), e);
                }
            }
        }
    }

    /** Where a failure happened, which decides whether a retry is safe. */
    private enum Phase { CONNECT, BEGIN, WORK, COMMIT }

    private final String name;
    private final ConnectionPools pools;
    private final Configuration base;
    private final Configuration readsOnly;
    private final Isolation defaultIsolation;
    private final ErrorTranslator translator;
    private final TransactionObserver observer;
    private final ReadOnlyGate gate;
    private final FailsafeExecutor<Object> retrying;
    private final Duration operationTimeout;
    /** Hears of the statements run over plain JDBC: the base configuration's listener that also observes those. */
    private final JdbcStatements.Observer jdbcObserver;

    /**
     * @param name       the database's name, for log lines
     * @param pools      where connections come from
     * @param base       the jOOQ configuration transactions derive from
     * @param isolation  the default isolation of write transactions
     * @param retry      the retry settings
     * @param translator turns permanent failures into typed exceptions
     * @param observer   told about retries and exhausted retries
     * @param gate       refuses writes while READ_ONLY, and hears of the failures that cause that mode
     * @param operationTimeout the deadline of each call, all attempts together
     */
    public TransactionRunner(String name, ConnectionPools pools, Configuration base, Isolation isolation,
                             RetrySettings retry, ErrorTranslator translator, TransactionObserver observer,
                             ReadOnlyGate gate, Duration operationTimeout) {
        this.name = name;
        this.pools = pools;
        this.operationTimeout = operationTimeout;
        Configuration timed = pools.engine() == Engine.POSTGRESQL
                ? base.deriveAppending(new DefaultExecuteListenerProvider(new StatementDeadline())) : base;
        this.base = timed;
        this.readsOnly = timed.deriveAppending(new DefaultExecuteListenerProvider(new RefuseWrites()));
        this.defaultIsolation = isolation;
        this.translator = translator;
        this.observer = observer;
        this.gate = gate;
        this.retrying = Failsafe.with(retryPolicy(retry, operationTimeout));
        JdbcStatements.Observer observed = null;
        for (ExecuteListenerProvider provider : base.executeListenerProviders()) {
            if (provider.provide() instanceof JdbcStatements.Observer o) {
                observed = o;
            }
        }
        this.jdbcObserver = observed;
    }

    /** See {@link JdbcStatements#starting}. */
    static JdbcStatements.Statement jdbcStatementStarting(String sql) throws SQLException {
        Active active = ACTIVE.get();
        if (active == null) {
            return JdbcStatements.unobserved();
        }
        if (active.connection != null) {
            limitReplyWait(active.connection, active.deadline);
        }
        JdbcStatements.Observer observer = active.owner.jdbcObserver;
        return observer == null ? JdbcStatements.unobserved() : observer.started(sql);
    }

    private RetryPolicy<Object> retryPolicy(RetrySettings settings, Duration deadline) {
        RetryPolicyBuilder<Object> builder = RetryPolicy.builder()
                .handle(RetryableFailure.class)
                .withMaxAttempts(settings.maxAttempts())
                .withMaxDuration(deadline); // no retry starts, and no back-off sleeps, beyond the deadline
        if (!settings.initialDelay().isZero()) {
            if (settings.maxDelay().compareTo(settings.initialDelay()) > 0) {
                builder.withBackoff(settings.initialDelay(), settings.maxDelay());
            } else {
                builder.withDelay(settings.initialDelay());
            }
            if (settings.jitter() > 0) {
                builder.withJitter(settings.jitter());
            }
        }
        return builder
                .onRetry(event -> {
                    RetryableFailure failure = (RetryableFailure) event.getLastException();
                    LOG.debug("[{}] transaction attempt {} failed with {} ({}): retrying", name,
                            event.getAttemptCount(), failure.classification().kind(), failure.classification().code());
                    observer.retrying(event.getAttemptCount(), failure.classification().code(), failure.getCause());
                })
                .build();
    }

    /** Whether a transaction of this runner is active on the calling thread. */
    public boolean inTransaction() {
        Active active = ACTIVE.get();
        return active != null && active.owner == this && active.transaction;
    }

    /**
     * Runs the work in a transaction, retrying it after transient failures.
     *
     * @param write     false for a read-only transaction
     * @param isolation the isolation level, or null for the default
     * @throws dev.windsurf.data.ReadOnlyModeException at once, for a write while the database is READ_ONLY
     * @throws DataException (or a subtype) when the work fails; other runtime exceptions thrown by the work pass
     *                       through unchanged, after the rollback
     */
    public <T> T run(boolean write, Isolation isolation, TransactionFunction<T> work) {
        return run(write, false, isolation, work);
    }

    /**
     * As {@link #run(boolean, Isolation, TransactionFunction)}; a read with {@code primary} set never uses the read
     * replica, so it sees every committed write.
     */
    public <T> T run(boolean write, boolean primary, Isolation isolation, TransactionFunction<T> work) {
        return run(write, primary, isolation, work, false);
    }

    /**
     * Runs read work without opening a transaction: each statement commits on its own (autocommit), with the
     * retries and the replica routing of a read. Statements that write are refused with
     * {@link IllegalStateException} before they reach the database.
     */
    public <T> T query(TransactionFunction<T> work) {
        return run(false, false, null, work, true);
    }

    private <T> T run(boolean write, boolean primary, Isolation isolation, TransactionFunction<T> work,
                      boolean autocommit) {
        Objects.requireNonNull(work, "work cannot be null");
        Active active = ACTIVE.get();
        if (active != null && active.owner == this) {
            if (write && !active.write) {
                throw new IllegalStateException("Cannot open a write transaction inside a read-only transaction on "
                        + "the same thread: make the outer transaction a write transaction");
            }
            return work.apply(active.dsl);
        }
        TransactionObserver.Operation operation = write ? TransactionObserver.Operation.WRITE
                : autocommit ? TransactionObserver.Operation.QUERY : TransactionObserver.Operation.READ;
        TransactionObserver.Scope observed = observer.operationStarted(operation);
        try {
            T result = runObserved(operation, write, primary, isolation, work, autocommit);
            observed.end(null);
            return result;
        } catch (RuntimeException | Error e) {
            observed.end(e);
            throw e;
        }
    }

    private <T> T runObserved(TransactionObserver.Operation operation, boolean write, boolean primary,
                              Isolation isolation, TransactionFunction<T> work, boolean autocommit) {
        if (write) {
            gate.checkWritable();
        }
        Isolation level = isolation != null ? isolation : write ? defaultIsolation : Isolation.READ_COMMITTED;
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        int[] attempts = {0};
        boolean[] primaryOnly = {primary};
        try {
            T result = retrying.get(() -> {
                if (attempts[0]++ > 0 && write) {
                    gate.checkWritable(); // another transaction may have found the database read-only meanwhile
                }
                DataSource source = write ? pools.writer() : primaryOnly[0] ? pools.reader() : pools.readSource();
                TransactionObserver.Scope observed = observer.attemptStarted(operation, attempts[0], source,
                        pools.isReplica(source));
                try {
                    T value = attempt(write, source, level, work, autocommit, deadline);
                    observed.end(null);
                    return value;
                } catch (RetryableFailure e) {
                    observed.end(e.getCause());
                    if (pools.isReplica(source) && e.classification().kind() == FailureKind.CONNECTION) {
                        primaryOnly[0] = true; // the replica is lost: the remaining attempts go to the primary
                    }
                    throw e;
                } catch (RuntimeException | Error e) {
                    observed.end(e);
                    throw e;
                }
            });
            return result;
        } catch (RetryableFailure e) {
            observer.retriesExhausted(attempts[0], e.getCause());
            if (write && e.classification().kind() == FailureKind.CONNECTION) {
                gate.writesUnavailable(attempts[0], e.classification().code());
            }
            String within = System.nanoTime() - deadline >= 0
                    ? " within its operation time-out of " + operationTimeout.toMillis() + " ms" : "";
            throw new UnavailableException("Database " + name + " failed " + attempts[0] + " attempt(s)" + within
                    + " with " + describe(e.classification()) + "; nothing was written. Last error: "
                    + firstLine(e.getCause().getMessage()), e.classification().code(), attempts[0], e.getCause());
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("Interrupted while waiting to retry a transaction on " + name
                        + "; nothing was written", null, attempts[0], e.getCause());
            }
            throw e;
        }
    }

    private <T> T attempt(boolean write, DataSource source, Isolation isolation, TransactionFunction<T> work,
                          boolean autocommit, long deadline) {
        SQLException down = pools.unreachable(source, remainingMillis(deadline));
        if (down != null) {
            throw failure(down, write, source, Phase.CONNECT);
        }
        Connection connection;
        try {
            connection = pools.connection(source, remainingMillis(deadline));
        } catch (SQLException e) {
            throw failure(e, write, source, Phase.CONNECT);
        }
        boolean postgres = pools.engine() == Engine.POSTGRESQL;
        try {
            if (postgres) {
                try {
                    limitReplyWait(connection, deadline);
                } catch (SQLException e) {
                    pools.evict(source, connection);
                    throw failure(e, write, source, Phase.BEGIN);
                }
            }
            if (autocommit) {
                return statements(connection, source, work, deadline);
            }
            try {
                begin(connection, write, isolation);
            } catch (SQLException | RuntimeException e) {
                // The driver's transaction state is unknown (sqlite-jdbc keeps autocommit off after a failed
                // BEGIN IMMEDIATE): this connection must not serve another transaction.
                pools.evict(source, connection);
                throw failure(e, write, source, Phase.BEGIN);
            }
            DSLContext dsl = DSL.using(base.derive(new DefaultConnectionProvider(connection)));
            T result;
            ACTIVE.set(new Active(this, dsl, write, true, postgres ? connection : null, deadline));
            try {
                result = work.apply(dsl);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection);
                throw failure(e, write, source, Phase.WORK);
            } finally {
                ACTIVE.remove();
            }
            if (postgres && remainingNanos(deadline) <= 0) {
                // COMMIT was not sent, so nothing is written: closing the connection makes the server roll back,
                // without waiting for a server that may not answer.
                pools.evict(source, connection);
                throw failure(deadlineReached("before COMMIT"), write, source, Phase.WORK);
            }
            try {
                if (postgres) {
                    limitReplyWait(connection, deadline);
                }
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw failure(e, write, source, Phase.COMMIT);
            }
            return result;
        } finally {
            closeQuietly(connection);
        }
    }

    /** Read work in autocommit mode: no BEGIN and no COMMIT, so one round trip per statement on PostgreSQL. */
    private <T> T statements(Connection connection, DataSource source, TransactionFunction<T> work, long deadline) {
        DSLContext dsl = DSL.using(readsOnly.derive(new DefaultConnectionProvider(connection)));
        ACTIVE.set(new Active(this, dsl, false, false,
                pools.engine() == Engine.POSTGRESQL ? connection : null, deadline));
        try {
            return work.apply(dsl);
        } catch (RuntimeException | Error e) {
            throw failure(e, false, source, Phase.WORK);
        } finally {
            ACTIVE.remove();
        }
    }

    private void begin(Connection connection, boolean write, Isolation isolation) throws SQLException {
        connection.setAutoCommit(false);
        if (pools.engine() == Engine.POSTGRESQL) {
            if (!write) {
                connection.setReadOnly(true);
            }
            if (isolation != Isolation.READ_COMMITTED && pools.pooler() == Pooler.TRANSACTION) {
                // pgjdbc would set the level for the session (SET SESSION CHARACTERISTICS), which a transaction
                // pooler keeps for whichever client gets that server session next: set it for this transaction only.
                try (Statement st = connection.createStatement()) {
                    st.execute(isolation == Isolation.SERIALIZABLE
                            ? "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"
                            : "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
            } else if (isolation != Isolation.READ_COMMITTED) {
                connection.setTransactionIsolation(isolation.jdbcLevel());
            }
        }
    }

    /**
     * Limits the wait for each reply of the server on this connection to the time left (at least 1 ms: 0 would mean
     * no limit); when no time is left, refuses.
     */
    private static void limitReplyWait(Connection connection, long deadline) throws SQLException {
        long left = remainingNanos(deadline);
        if (left <= 0) {
            throw deadlineReached("before the statement was sent");
        }
        connection.setNetworkTimeout(DIRECT, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                TimeUnit.NANOSECONDS.toMillis(left))));
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)));
    }

    /** The operation's deadline passed before the work could reach the database: nothing of this attempt applied. */
    private static SQLException deadlineReached(String where) {
        return new DeadlineReached("The operation's deadline passed " + where + ": nothing of this attempt was applied");
    }

    /** The deadline passed between statements: no connection failed, so none is evicted. */
    private static final class DeadlineReached extends SQLTransientConnectionException {
        private static final long serialVersionUID = 1L;

        DeadlineReached(String message) {
            super(message);
        }
    }

    private RuntimeException failure(Throwable failure, boolean write, DataSource source, Phase phase) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof DataException data) {
            return data;
        }
        FailureClassifier.Classification c = FailureClassifier.classify(failure);
        if (c.exception() == null) {
            return (RuntimeException) failure;
        }
        if (c.exception() instanceof DeadlineReached) {
            return new RetryableFailure(c, failure); // the retry policy sees that the deadline has passed
        }
        if (c.kind() == FailureKind.CONNECTION) {
            pools.connectionFailed(source, c.code());
            if (write && phase == Phase.CONNECT && ConnectionPools.cannotConnect(c.code())) {
                // No connection at all, and the driver says why (refused, reset or timed out connecting, shutting
                // down): the server is unreachable now, and every retry would wait for the pool again.
                ReadOnlyModeException refused = gate.serverUnreachable(c, failure);
                if (refused != null) {
                    return refused;
                }
            }
        }
        if (c.kind() == FailureKind.READ_ONLY && write && phase == Phase.COMMIT && (c.sqlite() & 0xff) == 10) {
            // An SQLite I/O error while committing: the commit may or may not have reached the file. Enter READ_ONLY
            // as for any refusal, but tell the caller the truth about this write.
            gate.refusedByDatabase(c, failure);
            return new TransactionOutcomeUnknownException("Database " + name + " could not write its file while "
                    + "committing (" + c.code() + "): the transaction may or may not have been applied, so it was not "
                    + "retried. Check the data before writing again.", c.code(), failure);
        }
        if (c.kind() == FailureKind.READ_ONLY && write) {
            if (pools.engine() == Engine.POSTGRESQL) {
                // A session keeps the default_transaction_read_only it started with: fresh connections are needed
                // to see the database accept writes again.
                pools.evictAll(pools.writer());
            }
            return gate.refusedByDatabase(c, failure);
        }
        if (c.kind() == FailureKind.OUTCOME_UNKNOWN
                || phase == Phase.COMMIT && write && pools.engine() == Engine.POSTGRESQL
                && c.kind() == FailureKind.CONNECTION) {
            return new TransactionOutcomeUnknownException("The connection to " + name + " failed while committing ("
                    + describe(c) + "): the transaction may or may not have been applied, so it was not retried. "
                    + "Check the data before writing again.", c.code(), failure);
        }
        if (c.kind().transientFailure()) {
            return new RetryableFailure(c, failure);
        }
        return translator.translate(c, failure);
    }

    private static String describe(FailureClassifier.Classification c) {
        String kind = switch (c.kind()) {
            case CONNECTION -> "connection failures";
            case CONCURRENCY -> "concurrency conflicts";
            default -> c.kind().name().toLowerCase(java.util.Locale.ROOT);
        };
        return kind + " (" + (c.code() == null ? "no SQLState" : c.code()) + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            // PostgreSQL: the connection is broken; the server rolls the transaction back and the pool evicts it.
            // SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): its driver
            // then fails the ROLLBACK and is left believing a transaction is open. Returning it to autocommit brings
            // driver and database back in step, so that the next transaction on this connection really begins.
            if (pools.engine() == Engine.SQLITE) {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException | RuntimeException ignored) {
                    // the driver now agrees that no transaction is open
                }
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // the pool evicts a connection it cannot reset
        }
    }

    /** A transient failure, certain not to have committed: the retry policy handles it. */
    static final class RetryableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient FailureClassifier.Classification classification;

        RetryableFailure(FailureClassifier.Classification classification, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.classification = classification;
        }

        FailureClassifier.Classification classification() {
            return classification;
        }
    }
}
