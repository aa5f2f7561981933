package dev.windsurf.data;

import dev.windsurf.data.testsupport.PgCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * PostgreSQL stopped and started again: a throwaway cluster of the test's own (never the shared server). While it is
 * down, writes fail with connection errors after their retries, which makes the database READ_ONLY; reads fail too.
 */
class PostgresStoppedReadOnlyTest extends ReadOnlyContract {

    private static PgCluster cluster;
    private static int databases;

    @BeforeAll
    static void startCluster() {
        PgCluster.assumeAvailable();
        cluster = PgCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Database startDatabase(DatabaseConfig.Builder settings) {
        if (!cluster.isRunning()) {
            cluster.restart();
        }
        String name = "stopped_" + ++databases;
        cluster.createDatabase(name);
        return Database.start(settings.url(cluster.jdbcUrl(name)).credentials(PgCluster.USER, null)
                .connectTimeout(Duration.ofSeconds(1)).connectionTimeout(Duration.ofMillis(500))
                .schemaPolicy(SchemaPolicy.MIGRATE).poolSize(3).build());
    }

    @Override
    protected void breakWrites() {
        cluster.stop();
    }

    @Override
    protected void healWrites() {
        cluster.restart();
    }

    @Override
    protected boolean readsSurviveTheFault() {
        return false;
    }
}
