package dev.windsurf.data.internal.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Lets a migration set start its own history in a schema that other sets have already filled. Flyway refuses to
 * migrate a non-empty schema that has no history table of its own ("Found non-empty schema(s) … but no schema
 * history table"), a guard meant for unmanaged databases; a stacked set is managed, so its history table is created
 * first, by Flyway itself (a baseline at version 0, whose record is then removed, leaving an empty table). The
 * guard still protects the first set of a stack. Stateless.
 */
final class StackedHistory {

    /** The description of the temporary record, so that it can never be mistaken for a real baseline. */
    static final String MARKER = "<< windsurf stacked set >>";

    private StackedHistory() {
    }

    /**
     * Creates the set's history table when it has no applied migration yet. Safe to call when the table exists: a
     * table with migrations is left alone.
     *
     * @param flyway the set's Flyway (its table, schemas and data source)
     */
    static void prepare(Flyway flyway) {
        if (flyway.info().applied().length > 0) {
            return;
        }
        var configuration = flyway.getConfiguration();
        String table = configuration.getTable();
        String schema = configuration.getDefaultSchema();
        try {
            Flyway.configure(configuration.getClassLoader())
                    .configuration(configuration)
                    .baselineVersion("0")
                    .baselineDescription(MARKER)
                    .load()
                    .baseline();
        } catch (FlywayException e) {
            // Another process created the table and applied migrations meanwhile: nothing to prepare
            return;
        }
        clean(flyway);
    }

    /**
     * Removes the temporary record, also one that a process racing this one left after this one removed its own:
     * called after every migration of a stacked set.
     */
    static void clean(Flyway flyway) {
        var configuration = flyway.getConfiguration();
        String table = configuration.getTable();
        String schema = configuration.getDefaultSchema();
        String qualified = (schema == null ? "" : DdlReader.quote(schema) + ".") + table;
        try (Connection c = configuration.getDataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + qualified + " WHERE type = 'BASELINE' AND description = '" + MARKER
                    + "'");
        } catch (SQLException e) {
            throw new FlywayException("Cannot prepare the history table " + table + " of a stacked migration set: "
                    + e.getMessage(), e);
        }
    }
}
