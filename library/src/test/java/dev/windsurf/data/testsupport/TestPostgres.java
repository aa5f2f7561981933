package dev.windsurf.data.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Throwaway PostgreSQL databases for tests, on the server named by {@code TEST_POSTGRES_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code TEST_POSTGRES_USER} or {@code postgres},
 * password {@code TEST_POSTGRES_PASSWORD} or none).
 *
 * <p>When the server cannot be reached, tests that need it are skipped with a loud message, unless
 * {@code WINDSURF_REQUIRE_POSTGRES=true}: then they fail.
 */
public final class TestPostgres {

    public static final String ADMIN_URL = env("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = env("TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = env("TEST_POSTGRES_PASSWORD", "");
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");
    private static volatile String unavailable;
    private static volatile boolean checked;

    private TestPostgres() {
    }

    /** Whether CI demands PostgreSQL ({@code WINDSURF_REQUIRE_POSTGRES=true}). */
    public static boolean required() {
        return Boolean.parseBoolean(env("WINDSURF_REQUIRE_POSTGRES", "false"));
    }

    /** Skips (or, when required, fails) the calling test when PostgreSQL cannot be reached. */
    public static void assumeAvailable() {
        if (!checked) {
            synchronized (TestPostgres.class) {
                if (!checked) {
                    try (Connection c = admin()) {
                        c.isValid(2);
                    } catch (SQLException e) {
                        unavailable = e.getMessage();
                    }
                    checked = true;
                }
            }
        }
        if (unavailable != null) {
            String message = "PostgreSQL is not reachable at " + ADMIN_URL + " (" + unavailable + "). "
                    + "PostgreSQL tests are SKIPPED; set TEST_POSTGRES_URL, or WINDSURF_REQUIRE_POSTGRES=true to fail.";
            if (required()) {
                fail(message);
            }
            System.err.println("\n*** " + message + " ***\n");
            Assumptions.abort(message);
        }
    }

    /** Opens a connection to the administrative database. */
    public static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
    }

    /** Creates a new empty database; close the result to drop it. */
    public static ThrowawayDatabase create() {
        assumeAvailable();
        String name = "wsf_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new ThrowawayDatabase(name, urlFor(name));
    }

    /** The JDBC URL of another database on the same server. */
    public static String urlFor(String database) {
        Matcher m = URL.matcher(ADMIN_URL);
        if (!m.matches()) {
            throw new IllegalStateException("TEST_POSTGRES_URL must look like jdbc:postgresql://host:port/db, not " + ADMIN_URL);
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** The server's host name, from {@link #ADMIN_URL}. */
    public static String host() {
        return java.net.URI.create(ADMIN_URL.substring("jdbc:".length())).getHost();
    }

    /** The server's port, from {@link #ADMIN_URL} (5432 when it names none). */
    public static int port() {
        int port = java.net.URI.create(ADMIN_URL.substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    /** A database that is dropped (with its sessions ended) on close. */
    public record ThrowawayDatabase(String name, String url) implements AutoCloseable {

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, USER, PASSWORD);
        }

        @Override
        public void close() {
            try (Connection c = admin(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot drop test database " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
