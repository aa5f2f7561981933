package dev.windsurf.data.internal.migration;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.pool.ForwardingDataSource;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.internal.schema.SchemaSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.Flyway;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The schema the migrations produce at one version, built fresh on the same engine as a live database so that the
 * two compare like with like: on SQLite a temporary file, on PostgreSQL a temporary schema in the live database (so
 * that no CREATE DATABASE privilege is needed, only CREATE on the database). {@link #close()} deletes it. Not
 * thread-safe.
 */
final class ReferenceSchema implements AutoCloseable {

    /** The prefix of the temporary PostgreSQL schemas; one left behind by a killed process can be dropped. */
    static final String SCHEMA_PREFIX = "windsurf_reference_";

    private final Engine engine;
    private final DataSource dataSource;
    private final String schema;
    private final Path file;
    private final String version;

    private ReferenceSchema(Engine engine, DataSource dataSource, String schema, Path file, String version) {
        this.engine = engine;
        this.dataSource = dataSource;
        this.schema = schema;
        this.file = file;
        this.version = version;
    }

    /**
     * Applies the migrations up to a version to a fresh database of the live one's engine.
     *
     * @param live    connections to the live database (PostgreSQL: the temporary schema is made there)
     * @param version the version to stop at, or null for an empty schema
     */
    static ReferenceSchema build(ClassLoader loader, DataSource live, Engine engine, List<String> locations,
                                 String version) {
        return build(live, engine, List.of(new Layer(loader, locations,
                dev.windsurf.data.migration.MigrationSettings.DEFAULT_HISTORY_TABLE, version)));
    }

    /**
     * One migration set to apply to a reference, up to a version (null: none of it).
     *
     * @param historyTable its own history table, so that stacked sets keep their version numbers apart
     */
    record Layer(ClassLoader loader, List<String> locations, String historyTable, String version) {
    }

    /**
     * Applies migration sets, each up to its version and in the given order, to a fresh database of the live one's
     * engine.
     */
    static ReferenceSchema build(DataSource live, Engine engine, List<Layer> layers) {
        String version = layers.isEmpty() ? null : layers.getLast().version();
        ReferenceSchema reference;
        if (engine == Engine.POSTGRESQL) {
            String schema = SCHEMA_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            reference = new ReferenceSchema(engine, live, schema, null, version);
        } else {
            Path file;
            try {
                file = Files.createTempFile("windsurf-reference-", ".db");
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temporary SQLite file: " + e.getMessage(), e);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.enforceForeignKeys(true);
            SQLiteDataSource source = new SQLiteDataSource(config);
            source.setUrl("jdbc:sqlite:" + file);
            reference = new ReferenceSchema(engine, source, null, file, version);
        }
        try {
            reference.migrate(layers);
            return reference;
        } catch (RuntimeException e) {
            reference.close();
            throw e;
        }
    }

    private void migrate(List<Layer> layers) {
        if (schema != null) {
            execute("CREATE SCHEMA " + DdlReader.quote(schema));
        }
        boolean first = true;
        for (Layer layer : layers) {
            if (layer.version() == null) {
                continue;
            }
            var flyway = FlywaySetup.configure(layer.loader(), dataSource, layer.locations(), layer.historyTable())
                    .target(layer.version());
            if (schema != null) {
                flyway.schemas(schema).defaultSchema(schema);
            }
            Flyway loaded = flyway.load();
            if (!first) {
                StackedHistory.prepare(loaded);
            }
            loaded.migrate();
            if (!first) {
                StackedHistory.clean(loaded);
            }
            first = false;
        }
    }

    /** The reference's schema, normalised for comparing. */
    SchemaSnapshot snapshot() throws SQLException {
        try (Connection c = connect()) {
            return SchemaReader.read(c);
        }
    }

    /** The reference's schema as SQL. */
    DdlSnapshot ddl() throws SQLException {
        try (Connection c = connect()) {
            return DdlReader.read(c, engine);
        }
    }

    /**
     * Connections to the reference for running migration commands on it; on PostgreSQL each has the temporary schema
     * as its search path, so that Flyway and the history table live there.
     */
    DataSource commandDataSource() {
        if (schema == null) {
            return dataSource;
        }
        return new ForwardingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                return connect();
            }
        };
    }

    private Connection connect() throws SQLException {
        Connection c = dataSource.getConnection();
        if (schema != null) {
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path TO " + DdlReader.quote(schema));
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run `" + sql + "`: " + e.getMessage(), e);
        }
    }

    /** Drops the temporary schema or deletes the temporary file. Idempotent. */
    @Override
    public void close() {
        if (schema != null) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + DdlReader.quote(schema) + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot drop the temporary schema " + schema + ": " + e.getMessage()
                        + ". Drop it by hand: DROP SCHEMA " + schema + " CASCADE", e);
            }
        }
        if (file != null) {
            for (String suffix : List.of("", "-wal", "-shm", "-journal", ".migration-lock")) {
                try {
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans the directory eventually
                }
            }
        }
    }
}
