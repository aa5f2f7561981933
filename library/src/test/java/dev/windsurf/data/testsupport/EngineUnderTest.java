package dev.windsurf.data.testsupport;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh, empty databases of one engine for a contract test: each call to {@link #newDatabase()} gives a builder for
 * a database nobody else uses; {@link #close()} removes them all.
 */
public final class EngineUnderTest implements AutoCloseable {

    private final Engine engine;
    private final List<TestPostgres.ThrowawayDatabase> created = new ArrayList<>();

    public EngineUnderTest(Engine engine) {
        this.engine = engine;
        if (engine == Engine.POSTGRESQL) {
            TestPostgres.assumeAvailable();
        }
    }

    public Engine engine() {
        return engine;
    }

    /** A builder for a new empty database, with fast retries for tests. */
    public DatabaseConfig.Builder newDatabase() {
        return DatabaseConfig.builder().url(newUrl()).credentials(user(), password());
    }

    /** The URL of a new empty database. */
    public String newUrl() {
        if (engine == Engine.POSTGRESQL) {
            TestPostgres.ThrowawayDatabase db = TestPostgres.create();
            created.add(db);
            return db.url();
        }
        return "jdbc:sqlite:" + TestSqlite.newDatabaseFile("db");
    }

    public String user() {
        return engine == Engine.POSTGRESQL ? TestPostgres.USER : null;
    }

    public String password() {
        return engine == Engine.POSTGRESQL ? TestPostgres.PASSWORD : null;
    }

    @Override
    public void close() {
        for (TestPostgres.ThrowawayDatabase db : created) {
            db.close();
        }
        created.clear();
    }
}
