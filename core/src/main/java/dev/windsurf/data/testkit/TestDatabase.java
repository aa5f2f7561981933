package dev.windsurf.data.testkit;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fresh, fully migrated database for one test, with a {@link Database} started on it. Get one from
 * {@link TestDatabases#open(Engine)}, or let {@link DatabaseExtension} hand its parts to a test.
 *
 * <p>{@link #close()} closes the Database and removes the database: an SQLite in-memory database is gone with its
 * last connection, a PostgreSQL database is dropped. Thread-safe; {@link #close()} is idempotent.
 */
public final class TestDatabase implements AutoCloseable {

    private final Database database;
    private final Engine engine;
    private final String name;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    TestDatabase(Database database, Engine engine, String name, Runnable release) {
        this.database = Objects.requireNonNull(database, "database cannot be null");
        this.engine = Objects.requireNonNull(engine, "engine cannot be null");
        this.name = Objects.requireNonNull(name, "name cannot be null");
        this.release = Objects.requireNonNull(release, "release cannot be null");
    }

    /**
     * The Database on the fresh database; started with {@code SchemaPolicy.NONE}, as the schema is already there.
     *
     * @return the database, open until this test database is closed
     */
    public Database database() {
        return database;
    }

    /**
     * The engine.
     *
     * @return {@link Engine#POSTGRESQL} or {@link Engine#SQLITE}
     */
    public Engine engine() {
        return engine;
    }

    /**
     * The database's name, also the Database's name in log lines: {@code wsf_kit_<hex>} on PostgreSQL,
     * {@code testkit-<hex>} for SQLite's in-memory database.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Closes the Database and removes the database. Idempotent.
     *
     * @throws IllegalStateException when a PostgreSQL database cannot be dropped
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String toString() {
        return "TestDatabase[" + engine + ", " + name + (closed.get() ? ", closed" : "") + "]";
    }
}
