package dev.windsurf.codegen.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.meta.jaxb.Database;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * The database the build step migrates and generates from, thrown away afterwards: an SQLite file under the work
 * directory (portable sets), or a database created on a PostgreSQL server and dropped on {@link #close()}
 * (PostgreSQL-only sets). Not thread-safe.
 */
public final class ScratchDatabase implements AutoCloseable {

    /** Where the build finds a PostgreSQL server for PostgreSQL-only sets when the plugin is not told. */
    public static final String SERVER_VARIABLE = "WINDSURF_CODEGEN_POSTGRES_URL";

    private final DataSource dataSource;
    private final boolean postgres;
    private final String adminUrl;
    private final String database;

    private ScratchDatabase(DataSource dataSource, boolean postgres, String adminUrl, String database) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.adminUrl = adminUrl;
        this.database = database;
    }

    /** A fresh SQLite file (any old one and its journals are deleted first). */
    public static ScratchDatabase sqlite(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the old scratch database " + file + ": " + e.getMessage(), e);
        }
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        return new ScratchDatabase(source, false, null, null);
    }

    /**
     * A new, empty database on a PostgreSQL server.
     *
     * @param serverUrl a JDBC URL ({@code jdbc:postgresql://host:port/db?user=…}) of a server where the build may
     *                  create and drop a database; null to read {@value #SERVER_VARIABLE}
     * @throws IllegalStateException when no server is configured or it cannot be reached, saying what to set
     */
    public static ScratchDatabase postgres(String serverUrl, Consumer<String> log) {
        String url = serverUrl != null && !serverUrl.isBlank() ? serverUrl : System.getenv(SERVER_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("This migration set is PostgreSQL-only (postgresOnly): its classes are "
                    + "generated from a throwaway database on a PostgreSQL server, and none is configured. Set "
                    + SERVER_VARIABLE + " (or the plugin's <postgresUrl>, or -Dwindsurf.codegen.postgresUrl) to a "
                    + "JDBC URL of a server where the build may create and drop a database, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("postgresUrl must be a jdbc:postgresql: URL, was " + masked(url));
        }
        Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new IllegalStateException("postgresUrl is not a valid PostgreSQL JDBC URL: " + masked(url));
        }
        String name = "windsurf_codegen_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = DriverManager.getConnection(url, new Properties());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a scratch database on the PostgreSQL server " + masked(url)
                    + " (" + e.getSQLState() + "): " + e.getMessage() + ". The build needs a reachable server and a "
                    + "user allowed to CREATE DATABASE; set " + SERVER_VARIABLE + " or <postgresUrl>.", e);
        }
        log.accept("Created the scratch PostgreSQL database " + name + " on " + masked(url));
        PGSimpleDataSource source = new PGSimpleDataSource();
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        source.setServerNames(hosts);
        int[] portNumbers = new int[ports.length];
        for (int i = 0; i < ports.length; i++) {
            portNumbers[i] = Integer.parseInt(ports[i]);
        }
        source.setPortNumbers(portNumbers);
        source.setDatabaseName(name);
        if (parsed.getProperty("user") != null) {
            source.setUser(parsed.getProperty("user"));
        }
        if (parsed.getProperty("password") != null) {
            source.setPassword(parsed.getProperty("password"));
        }
        return new ScratchDatabase(source, true, url, name);
    }

    /** Connections to the scratch database. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** For messages. */
    public String engineName() {
        return postgres ? "PostgreSQL" : "SQLite";
    }

    /** jOOQ's reader for the engine, on the schema the migrations fill. */
    public Database configure(Database database) {
        if (postgres) {
            return database.withName("org.jooq.meta.postgres.PostgresDatabase").withInputSchema("public");
        }
        return database.withName("org.jooq.meta.sqlite.SQLiteDatabase");
    }

    /** The tables (and views) that exist now. */
    public List<String> tables() {
        String sql = postgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                : "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')";
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the tables of the scratch database: " + e.getMessage(), e);
        }
        if (postgres) {
            // enums and other types of the sets depended on are not generated again either
            String types = "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    + "WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0";
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(types)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot list the types of the scratch database: " + e.getMessage(), e);
            }
        }
        return tables;
    }

    /** Drops the PostgreSQL database; the SQLite file stays for inspection until the next run. */
    @Override
    public void close() {
        if (!postgres) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl, new Properties());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop the scratch database " + database + " on " + masked(adminUrl)
                    + ": " + e.getMessage() + ". Drop it by hand: DROP DATABASE " + database, e);
        }
    }

    private static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
    }
}
