package dev.windsurf.data.bench;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.testsupport.TestSqlite;

/** Fresh, migrated databases for benchmarks: an SQLite file (WAL) or PostgreSQL on loopback. */
final class BenchDatabases implements AutoCloseable {

    private final Database db;
    private final TestPostgres.ThrowawayDatabase postgres;

    private BenchDatabases(Database db, TestPostgres.ThrowawayDatabase postgres) {
        this.db = db;
        this.postgres = postgres;
    }

    /** @param engine {@code sqlite} or {@code postgresql} */
    static BenchDatabases open(String engine) {
        DatabaseConfig.Builder config = DatabaseConfig.builder().name("bench").schemaPolicy(SchemaPolicy.MIGRATE);
        if (engine.equals("postgresql")) {
            TestPostgres.ThrowawayDatabase pg = TestPostgres.create();
            return new BenchDatabases(Database.start(config.url(pg.url())
                    .credentials(TestPostgres.USER, TestPostgres.PASSWORD).build()), pg);
        }
        if (engine.equals("sqlite")) {
            return new BenchDatabases(Database.start(config.url("jdbc:sqlite:" + TestSqlite.newDatabaseFile("bench"))
                    .build()), null);
        }
        throw new IllegalArgumentException("engine must be sqlite or postgresql, was " + engine);
    }

    Database db() {
        return db;
    }

    @Override
    public void close() {
        db.close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
