package dev.windsurf.data.internal.migration;

import dev.windsurf.data.DataException;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.internal.schema.SchemaSnapshot;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Proves each undo script on a scratch database of the live one's engine (SQLite: a temporary file; PostgreSQL: a
 * temporary schema, dropped afterwards): from an empty schema, each migration is applied, undone with its undo
 * script, and applied again; the schema after the undo must be the one before the migration, and the migration must
 * apply again to the same schema. Stateless.
 */
final class UndoVerification {

    private UndoVerification() {
    }

    /**
     * @param migrations the migrations with files, oldest first
     * @return one line per failure: an undo script that fails, leaves a difference, or after which the migration
     *         cannot run again; empty when every undo script reverses its migration
     */
    static List<String> verify(ClassLoader loader, DataSource live, Engine engine, MigrationSettings settings,
                               List<Migration> migrations) {
        return verify(loader, live, engine, settings, migrations, List.of(), null, List.of());
    }

    /**
     * As {@link #verify(ClassLoader, DataSource, Engine, MigrationSettings, List)} for a migration set stacked on
     * others: the sets it depends on are applied to the scratch database first.
     *
     * @param dependencies the sets before this one, each at the version the live database holds
     * @param set          the set, or null
     * @param stack        every set of the database in dependency order, or empty
     */
    static List<String> verify(ClassLoader loader, DataSource live, Engine engine, MigrationSettings settings,
                               List<Migration> migrations, List<ReferenceSchema.Layer> dependencies,
                               dev.windsurf.data.migration.MigrationSet set,
                               List<dev.windsurf.data.migration.MigrationSet> stack) {
        List<String> failures = new ArrayList<>();
        List<ReferenceSchema.Layer> layers = new ArrayList<>(dependencies);
        layers.add(new ReferenceSchema.Layer(loader, settings.locations(), settings.historyTable(), null));
        try (ReferenceSchema scratch = ReferenceSchema.build(live, engine, layers)) {
            DataSource source = scratch.commandDataSource();
            MigrationLifecycle lifecycle = new MigrationLifecycle("undo-check", source, engine,
                    MigrationSettings.builder().locations(settings.locations().toArray(String[]::new))
                            .undoLocation(settings.undoLocation()).historyTable(settings.historyTable()).build(),
                    set, stack, loader);
            String previous = "base";
            for (Migration m : migrations) {
                SchemaSnapshot before = snapshot(source);
                lifecycle.upgrade(m.version());
                if (!m.undoAvailable()) {
                    previous = m.version();
                    continue;
                }
                SchemaSnapshot applied = snapshot(source);
                try {
                    lifecycle.downgrade(previous);
                } catch (DataException e) {
                    failures.add(m.undoScript() + " fails after " + m.script() + ": " + e.getMessage());
                    break;
                }
                for (String d : SchemaDiff.compare(before, "before " + m.script(), snapshot(source),
                        "after " + m.undoScript(), SchemaDiff.Mode.SAME_ENGINE)) {
                    failures.add(m.undoScript() + " does not restore the schema before " + m.script() + ": " + d);
                }
                try {
                    lifecycle.upgrade(m.version());
                } catch (DataException e) {
                    failures.add(m.script() + " cannot run again after " + m.undoScript() + ": " + e.getMessage());
                    break;
                }
                for (String d : SchemaDiff.compare(applied, "after " + m.script(), snapshot(source),
                        "after " + m.undoScript() + " and " + m.script() + " again", SchemaDiff.Mode.SAME_ENGINE)) {
                    failures.add(m.script() + " gives another schema after " + m.undoScript() + ": " + d);
                }
                previous = m.version();
            }
        }
        return List.copyOf(failures);
    }

    private static SchemaSnapshot snapshot(DataSource source) {
        try (Connection c = source.getConnection()) {
            return SchemaReader.read(c);
        } catch (SQLException e) {
            throw new DataException("Cannot read the scratch schema of the undo check: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }
}
