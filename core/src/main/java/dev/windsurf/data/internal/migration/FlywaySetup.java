package dev.windsurf.data.internal.migration;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/** Flyway configured the way every migration command uses it. Stateless. */
final class FlywaySetup {

    private FlywaySetup() {
    }

    /**
     * Flyway for a set of locations and its history table on a database: fails when a location is missing, never
     * cleans, targets the newest migration unless told otherwise. On PostgreSQL it serialises migrations with a
     * session-level advisory lock instead of its default transaction-level one: that one keeps a transaction open
     * on the main connection while a migration runs, and {@code CREATE INDEX CONCURRENTLY} waits for every open
     * transaction to end, so it waited forever.
     */
    static FluentConfiguration configure(ClassLoader loader, DataSource dataSource, List<String> locations,
                                         String historyTable) {
        FluentConfiguration flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table(historyTable)
                .failOnMissingLocations(true)
                .cleanDisabled(true);
        flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return flyway;
    }
}
