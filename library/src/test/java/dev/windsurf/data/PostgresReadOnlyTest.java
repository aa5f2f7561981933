package dev.windsurf.data;

import dev.windsurf.data.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;

/** PostgreSQL set read-only for the test's own database, then set back. */
class PostgresReadOnlyTest extends ReadOnlyContract {

    private TestPostgres.ThrowawayDatabase database;

    @Override
    protected Database startDatabase(DatabaseConfig.Builder settings) {
        database = TestPostgres.create();
        Flyway.configure().dataSource(database.url(), TestPostgres.USER, TestPostgres.PASSWORD).load().migrate();
        return Database.start(settings.url(database.url()).credentials(TestPostgres.USER, TestPostgres.PASSWORD)
                .poolSize(4).build());
    }

    @Override
    protected void breakWrites() throws Exception {
        setReadOnly(database.name(), true);
    }

    @Override
    protected void healWrites() throws Exception {
        setReadOnly(database.name(), false);
    }

    /** Changes the database's default and ends its sessions, which keep the default they started with. */
    static void setReadOnly(String name, boolean readOnly) throws Exception {
        try (Connection c = TestPostgres.admin(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " SET default_transaction_read_only = " + (readOnly ? "on" : "off"));
            if (readOnly) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
