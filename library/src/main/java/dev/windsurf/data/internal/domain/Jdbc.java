package dev.windsurf.data.internal.domain;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.tx.JdbcStatements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Runs a statement that jOOQ rendered once (from the generated classes, when the service was made) over the
 * transaction's own JDBC connection, with fresh binds, reading the rows by hand: the services' single-row statements
 * pay neither rendering nor jOOQ's binding and record building on every call (on SQLite, which answers in process,
 * those were most of a lookup's time; see docs/benchmarks.md). The statements still go through the call's deadline
 * and tracing ({@link JdbcStatements}), and a failure surfaces as from jOOQ: the {@link SQLException} wrapped in a
 * {@link org.jooq.exception.DataAccessException}, which the transaction runner classifies by SQLState or SQLite code.
 *
 * <p>Binders and readers must bind and read as the generated classes do ({@code UtcInstantBinding} for instants,
 * the converters for the wrapped types). Stateless and thread-safe.
 */
public final class Jdbc {

    /** Sets the parameters of a statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * A detached jOOQ context that renders statements as the database's own would (its dialect, no schema names),
     * for rendering them once when a service is made; it needs no connection, so a service can be made on a database
     * that is closed (its calls then fail as they would anyway).
     */
    public static DSLContext renderer(Database db) {
        return DSL.using(db.engine() == Engine.POSTGRESQL ? SQLDialect.POSTGRES : SQLDialect.SQLITE,
                new Settings().withRenderSchema(false));
    }

    /** The first row the query returns, read; null when it returns none. */
    public static <T> T one(DSLContext tx, String sql, Binder binder, Reader<T> reader) {
        return tx.connectionResult(connection -> {
            JdbcStatements.Statement observed = JdbcStatements.starting(sql);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? reader.read(rows) : null;
                }
            } catch (SQLException | RuntimeException e) {
                observed.failed(e);
                throw e;
            } finally {
                observed.end();
            }
        });
    }

    /** Every row the query returns, read, in order. */
    public static <T> List<T> all(DSLContext tx, String sql, Binder binder, Reader<T> reader) {
        return tx.connectionResult(connection -> {
            JdbcStatements.Statement observed = JdbcStatements.starting(sql);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                List<T> result = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        result.add(reader.read(rows));
                    }
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                observed.failed(e);
                throw e;
            } finally {
                observed.end();
            }
        });
    }

    /** Runs a statement that writes; returns the number of rows it changed. */
    public static int execute(DSLContext tx, String sql, Binder binder) {
        return tx.connectionResult(connection -> {
            JdbcStatements.Statement observed = JdbcStatements.starting(sql);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            } catch (SQLException | RuntimeException e) {
                observed.failed(e);
                throw e;
            } finally {
                observed.end();
            }
        });
    }
}
