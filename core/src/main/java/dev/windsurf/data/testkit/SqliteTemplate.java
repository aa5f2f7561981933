package dev.windsurf.data.testkit;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.SchemaPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh in-memory SQLite databases from one template file, migrated once per JVM.
 *
 * <p>Each database is a named shared-cache in-memory database ({@code file:NAME?mode=memory&cache=shared}): a
 * connection opens it, copies the template into it with sqlite-jdbc's {@code restore from} (SQLite's backup API,
 * page by page), and the {@link Database} then starts on the same name with {@link SchemaPolicy#NONE}, so no Flyway
 * work is repeated. Copying a template file to a new file per test, the alternative, measured several times slower
 * (file creation, WAL files, a writer and a reader pool per database).
 *
 * <p>Thread-safe. The template file lives under {@code java.io.tmpdir} and is deleted when the JVM exits.
 */
final class SqliteTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteTemplate.class);
    private static final Object LOCK = new Object();
    private static SqliteTemplate instance;
    private static RuntimeException failure;

    private final Path file;

    private SqliteTemplate(Path file) {
        this.file = file;
    }

    /**
     * The JVM's template, migrated on first use, and again should its file have disappeared (a clean-up of the
     * temporary directory while tests run).
     */
    static SqliteTemplate get() {
        synchronized (LOCK) {
            if (instance != null && !Files.isRegularFile(instance.file)) {
                LOG.warn("The SQLite test template {} has disappeared: migrating a new one", instance.file);
                instance = null;
            }
            if (instance == null && failure == null) {
                try {
                    instance = migrate();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new IllegalStateException("The SQLite test template could not be migrated: "
                        + failure.getMessage(), failure);
            }
            return instance;
        }
    }

    private static SqliteTemplate migrate() {
        long started = System.nanoTime();
        Path file;
        try {
            file = Files.createTempFile("windsurf-testkit-", ".db");
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the SQLite test template under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(file), "windsurf-testkit-sqlite-cleanup"));
        String url = "jdbc:sqlite:" + file;
        try (Database db = Database.start(DatabaseConfig.builder().url(url).name("testkit-template")
                .schemaPolicy(SchemaPolicy.MIGRATE).startupAttempts(1).build())) {
            LOG.info("Migrated the SQLite test template {} to {} in {} ms", file, TestDatabases.versions(db),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        // One self-contained file that restores read only: no -wal or -shm beside it.
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = DELETE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot finish the SQLite test template " + file + ": " + e.getMessage(),
                    e);
        }
        return new SqliteTemplate(file);
    }

    /** A new in-memory database holding a copy of the template, and a Database started on it. */
    TestDatabase open(Consumer<DatabaseConfig.Builder> settings) {
        String name = "testkit-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String url = "jdbc:sqlite:file:" + name + "?mode=memory&cache=shared";
        // This connection keeps the in-memory database alive until the Database's own keeper has opened it.
        try (Connection holder = DriverManager.getConnection(url)) {
            try (Statement st = holder.createStatement()) {
                st.executeUpdate("restore from " + quoted(file.toString()));
            }
            DatabaseConfig.Builder builder = DatabaseConfig.builder().name(name);
            settings.accept(builder);
            Database db = Database.start(builder.url(url).schemaPolicy(SchemaPolicy.NONE).build());
            return new TestDatabase(db, Engine.SQLITE, name, db::close);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot copy the SQLite test template " + file + " into " + name + ": "
                    + e.getMessage(), e);
        }
    }

    /** The template file. */
    Path file() {
        return file;
    }

    private static String quoted(String path) {
        char quote = path.indexOf('\'') < 0 ? '\'' : '"';
        return quote + path + quote;
    }

    private static void deleteQuietly(Path file) {
        for (String suffix : List.of("", "-journal", "-wal", "-shm")) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException ignored) {
                // the JVM is exiting; a file left in the temporary directory is harmless
            }
        }
    }
}
