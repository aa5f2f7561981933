package dev.windsurf.data.internal.migration;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Flyway configured the way every migration command uses it. Stateless. */
final class FlywaySetup {

    private FlywaySetup() {
    }

    /**
     * Flyway for a set of locations and its history table on a database: fails when a location is missing, never cleans, targets the newest
     * migration unless told otherwise.
     */
    static FluentConfiguration configure(ClassLoader loader, DataSource dataSource, List<String> locations,
                                         String historyTable) {
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table(historyTable)
                .failOnMissingLocations(true)
                .cleanDisabled(true);
    }
}
