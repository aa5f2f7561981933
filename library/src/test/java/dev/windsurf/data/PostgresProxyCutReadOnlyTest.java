package dev.windsurf.data;

import dev.windsurf.data.testsupport.FaultProxy;
import dev.windsurf.data.testsupport.TestPostgres;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;

/**
 * Connections cut by a TCP proxy, which then refuses new ones: writes fail with connection errors after their
 * retries and the database becomes READ_ONLY until the network heals.
 */
class PostgresProxyCutReadOnlyTest extends ReadOnlyContract {

    private TestPostgres.ThrowawayDatabase database;
    private FaultProxy proxy;

    @Override
    protected Database startDatabase(DatabaseConfig.Builder settings) {
        database = TestPostgres.create();
        Flyway.configure().dataSource(database.url(), TestPostgres.USER, TestPostgres.PASSWORD).load().migrate();
        proxy = FaultProxy.start(TestPostgres.host(), TestPostgres.port());
        return Database.start(settings.url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name()
                        + "?sslmode=disable")
                .credentials(TestPostgres.USER, TestPostgres.PASSWORD)
                .connectionTimeout(Duration.ofMillis(500)).poolSize(3).build());
    }

    @Override
    protected void breakWrites() {
        proxy.refuseNewConnections(true);
        proxy.cutAll();
    }

    @Override
    protected void healWrites() {
        proxy.refuseNewConnections(false);
    }

    @Override
    protected boolean readsSurviveTheFault() {
        return false;
    }

    @AfterEach
    void closeProxyAndDatabase() {
        if (db != null) {
            db.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
