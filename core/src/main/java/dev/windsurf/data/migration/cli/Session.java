package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.pool.DirectConnections;
import dev.windsurf.data.internal.pool.ForwardingDataSource;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.Migrations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The database a {@code db} command works on, opened for that command alone: no pool, no jOOQ, no start-up check.
 * Commands that only read the history share one connection; the others get a new unpooled connection each time
 * (Flyway holds two at once). An in-memory SQLite database, which lives only while a connection holds it, is opened
 * as a {@link Database} instead. Not thread-safe: one command, one thread.
 */
final class Session implements AutoCloseable {

    /** What a command does with the database. */
    enum Access {
        /** Reads the history only, on one connection; the database must exist. */
        READ,
        /** Reads and changes an existing database (undo, repair, check's scratch work). */
        EXISTING,
        /** May create the database (upgrade, stamp). */
        CREATE
    }

    private final DatabaseConfig config;
    private final DataSource dataSource;
    private final Connection shared;
    private final Database database;
    private final List<MigrationSet> sets;

    private Session(DatabaseConfig config, DataSource dataSource, Connection shared, Database database,
                    List<MigrationSet> sets) {
        this.config = config;
        this.dataSource = dataSource;
        this.shared = shared;
        this.database = database;
        this.sets = sets;
    }

    /**
     * Opens the database, making one connection to prove it is reachable.
     *
     * @throws SQLException when it is not
     */
    static Session open(DatabaseConfig config, Access access) throws SQLException {
        Objects.requireNonNull(config, "config cannot be null");
        List<MigrationSet> sets = config.migrationSets() != null ? config.migrationSets()
                : MigrationSet.discover(classLoader());
        if (config.engine() == Engine.SQLITE && isMemory(config)) {
            Database database = Database.start(config);
            return new Session(config, null, null, database, database.migrationSets());
        }
        DataSource direct = DirectConnections.of(config, access == Access.CREATE);
        Connection first = direct.getConnection();
        if (access == Access.READ) {
            return new Session(config, new SharedConnection(first, direct), first, null, sets);
        }
        first.close();
        return new Session(config, direct, null, null, sets);
    }

    private static boolean isMemory(DatabaseConfig config) {
        return dev.windsurf.data.internal.config.DatabaseUrls.parse(config.url()).inMemory();
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Session.class.getClassLoader();
    }

    DatabaseConfig config() {
        return config;
    }

    Engine engine() {
        return config.engine();
    }

    /** Connections to the database: shared one for {@link Access#READ}, a new unpooled one each time otherwise. */
    DataSource dataSource() {
        return database != null ? database.dataSource() : dataSource;
    }

    /** The migration sets, in dependency order (empty when none was found). */
    List<MigrationSet> migrationSets() {
        return sets;
    }

    /** The last set's migrations (a service's own set, when it stacks one on others), or plain locations'. */
    Migrations migrations() {
        if (database != null) {
            return database.migrations();
        }
        if (sets.isEmpty()) {
            return Migrations.builder(dataSource, config.engine()).name(config.name()).source(config.maskedUrl())
                    .build();
        }
        return migrations(sets.getLast().name());
    }

    /**
     * One set's migrations.
     *
     * @throws IllegalArgumentException when there is no set of that name
     */
    Migrations migrations(String set) {
        if (database != null) {
            return database.migrations(set);
        }
        MigrationSet found = sets.stream().filter(s -> s.name().equals(set)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Database " + config.name() + " has no migration set "
                        + "named '" + set + "' (sets: " + sets.stream().map(MigrationSet::name).toList() + ")"));
        return Migrations.builder(dataSource, config.engine()).name(config.name()).source(config.maskedUrl())
                .set(found, sets).build();
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
        if (shared != null) {
            try {
                shared.close();
            } catch (SQLException ignored) {
                // the command is over: nothing more to read on it
            }
        }
    }

    /** Hands out one connection again and again; closing what it hands out leaves that connection open. */
    private static final class SharedConnection extends ForwardingDataSource {

        private final Connection proxy;

        SharedConnection(Connection connection, DataSource underlying) {
            super(underlying);
            this.proxy = (Connection) Proxy.newProxyInstance(Session.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (self, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                return null;
                            case "equals":
                                return self == args[0];
                            case "hashCode":
                                return System.identityHashCode(self);
                            default:
                                try {
                                    return method.invoke(connection, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                        }
                    });
        }

        @Override
        public Connection getConnection() {
            return proxy;
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : underlying().unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || underlying().isWrapperFor(type);
        }
    }
}
