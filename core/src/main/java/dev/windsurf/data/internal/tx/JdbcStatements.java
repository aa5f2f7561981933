package dev.windsurf.data.internal.tx;

import java.sql.SQLException;

/**
 * The hooks a statement run over plain JDBC inside a call of the {@link TransactionRunner} passes through, so that it
 * gets what a statement run by jOOQ gets from the runner's execute listeners: the wait for the server's reply bounded
 * by the call's deadline (PostgreSQL), and a traced statement when tracing is on. For the services' statements that
 * are rendered once and then bound and read by hand.
 *
 * <p>Use: {@code Statement s = JdbcStatements.starting(sql); try { ... } catch (SQLException | RuntimeException e) {
 * s.failed(e); throw e; } finally { s.end(); }}. Stateless and thread-safe.
 */
public final class JdbcStatements {

    /** Hears of statements run over plain JDBC; the tracing implements it. Thread-safe. */
    public interface Observer {

        /** A statement is about to run; the returned value is told how it ended. */
        Statement started(String sql);
    }

    /** One statement being run. Not thread-safe: used by the thread that runs the statement. */
    public interface Statement {

        /** The statement failed; {@link #end()} still follows. */
        void failed(Throwable failure);

        /** The statement ended (after its results were read). */
        void end();
    }

    private static final Statement UNOBSERVED = new Statement() {
        @Override
        public void failed(Throwable failure) {
        }

        @Override
        public void end() {
        }
    };

    private JdbcStatements() {
    }

    /**
     * Before a statement of the call running on this thread: limits the wait for the server's reply to the time left
     * before the call's deadline (PostgreSQL) and starts the statement's span (when tracing is on). Outside any call it
     * does nothing.
     *
     * @throws SQLException when the call's deadline has passed (a transient failure: nothing of this attempt applied)
     */
    public static Statement starting(String sql) throws SQLException {
        return TransactionRunner.jdbcStatementStarting(sql);
    }

    static Statement unobserved() {
        return UNOBSERVED;
    }
}
