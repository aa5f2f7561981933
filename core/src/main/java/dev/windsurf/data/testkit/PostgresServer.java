package dev.windsurf.data.testkit;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.internal.config.DatabaseUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh PostgreSQL databases on one server, copied from a template database migrated once per JVM.
 *
 * <p>The template {@code wsf_kit_tpl_<random>} is created and migrated on first use, then closed to connections
 * ({@code ALLOW_CONNECTIONS false}): {@code CREATE DATABASE … TEMPLATE} refuses a template anyone is connected to.
 * Each test database {@code wsf_kit_<random>} is {@code CREATE DATABASE … TEMPLATE} of it, started with
 * {@link SchemaPolicy#NONE}, and dropped {@code WITH (FORCE)} when closed. The template, and any test database
 * still there, is dropped when the JVM exits.
 *
 * <p>Both happen on the test's path, on purpose: creating the next database ahead and dropping on a background thread
 * was measured slower on a two-core machine (the background {@code CREATE}/{@code DROP DATABASE} compete with the next
 * test's connections), and synchronous drops let a test rely on its database being gone.
 *
 * <p>Thread-safe: statements on the server's administrative connection are serialised.
 */
final class PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Pattern JDBC = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?$");
    private static final Map<String, PostgresServer> SERVERS = new ConcurrentHashMap<>();

    private final KitEnvironment env;
    private final String adminUrl;
    private final Object lock = new Object();
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private Connection admin;
    private String unavailable;
    private boolean probed;
    private boolean warned;
    private String template;
    private RuntimeException templateFailure;

    private PostgresServer(KitEnvironment env) {
        this.env = env;
        this.adminUrl = DatabaseUrls.parse(env.postgresUrl()).jdbcUrl();
        if (!JDBC.matcher(adminUrl).matches()) {
            throw new IllegalArgumentException("The test PostgreSQL URL must look like jdbc:postgresql://host:port/db, "
                    + "was " + DatabaseUrls.mask(env.postgresUrl()));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "windsurf-testkit-postgres-cleanup"));
    }

    /** The server the environment names; one instance per server and user in the JVM. */
    static PostgresServer of(KitEnvironment env) {
        return SERVERS.computeIfAbsent(env.serverKey(), k -> new PostgresServer(env));
    }

    /**
     * Why the server cannot be used, or empty when it answers. Tried once; the first failure is logged at WARN.
     */
    Optional<String> unavailableReason() {
        synchronized (lock) {
            if (!probed) {
                probed = true;
                try {
                    adminConnection();
                } catch (SQLException e) {
                    unavailable = e.getMessage() + (e.getSQLState() == null ? "" : " (" + e.getSQLState() + ")");
                }
            }
            if (unavailable != null && !warned) {
                warned = true;
                LOG.warn("PostgreSQL is not reachable at {} ({}): tests that need it are {}. Set TEST_POSTGRES_URL "
                                + "(and TEST_POSTGRES_USER, TEST_POSTGRES_PASSWORD) to a reachable server{}.",
                        DatabaseUrls.mask(env.postgresUrl()), unavailable,
                        env.requirePostgres() ? "FAILED (WINDSURF_REQUIRE_POSTGRES=true)" : "SKIPPED",
                        env.requirePostgres() ? "" : ", or WINDSURF_REQUIRE_POSTGRES=true to fail instead of skip");
            }
            return Optional.ofNullable(unavailable);
        }
    }

    /**
     * A human-readable account of why PostgreSQL tests cannot run, naming the way to fix it.
     *
     * @param required whether an unreachable server fails tests ({@code WINDSURF_REQUIRE_POSTGRES=true})
     */
    String unavailableMessage(String reason, boolean required) {
        return "PostgreSQL is not reachable at " + DatabaseUrls.mask(env.postgresUrl()) + " (" + reason + "). "
                + (required ? "WINDSURF_REQUIRE_POSTGRES=true, so this test fails."
                : "This test is SKIPPED; set TEST_POSTGRES_URL to a reachable server, or "
                + "WINDSURF_REQUIRE_POSTGRES=true to fail instead.");
    }

    /**
     * A new database copied from the template, and a Database started on it.
     *
     * @throws IllegalStateException when the server is unreachable, or the template cannot be made
     */
    TestDatabase open(Consumer<DatabaseConfig.Builder> settings) {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            throw new IllegalStateException(unavailableMessage(reason.get(), env.requirePostgres()));
        }
        String source = template();
        String name = "wsf_kit_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE DATABASE " + name + " TEMPLATE " + source, "create test database " + name);
        open.add(name);
        try {
            DatabaseConfig.Builder builder = DatabaseConfig.builder().name(name).poolSize(2).startupAttempts(1);
            settings.accept(builder);
            Database db = Database.start(builder.url(urlOf(name)).credentials(env.user(), env.password())
                    .schemaPolicy(SchemaPolicy.NONE).build());
            return new TestDatabase(db, Engine.POSTGRESQL, name, () -> {
                try {
                    db.close();
                } finally {
                    drop(name);
                }
            });
        } catch (RuntimeException e) {
            try {
                drop(name);
            } catch (RuntimeException dropFailure) {
                e.addSuppressed(dropFailure);
            }
            throw e;
        }
    }

    private String template() {
        synchronized (lock) {
            if (template == null && templateFailure == null) {
                String name = "wsf_kit_tpl_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
                try {
                    long started = System.nanoTime();
                    execute("CREATE DATABASE " + name, "create the template database " + name);
                    template = name;
                    try (Database db = Database.start(DatabaseConfig.builder().url(urlOf(name)).name("testkit-template")
                            .credentials(env.user(), env.password()).schemaPolicy(SchemaPolicy.MIGRATE)
                            .poolSize(1).startupAttempts(1).build())) {
                        LOG.info("Migrated the PostgreSQL test template {} to {} in {} ms", name,
                                TestDatabases.versions(db), Duration.ofNanos(System.nanoTime() - started).toMillis());
                    }
                    // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template: let nobody in.
                    execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false", "close the template " + name);
                } catch (RuntimeException e) {
                    templateFailure = e;
                }
            }
            if (templateFailure != null) {
                throw new IllegalStateException("The PostgreSQL test template could not be migrated: "
                        + templateFailure.getMessage(), templateFailure);
            }
            return template;
        }
    }

    private void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "drop test database " + name);
        open.remove(name);
    }

    /** Runs one statement on the administrative connection, reconnecting once if that connection was lost. */
    private void execute(String sql, String what) {
        synchronized (lock) {
            SQLException failure = null;
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (Statement st = adminConnection().createStatement()) {
                    st.execute(sql);
                    return;
                } catch (SQLException e) {
                    failure = e;
                    boolean lost = e.getSQLState() != null && e.getSQLState().startsWith("08");
                    if (!lost) {
                        break;
                    }
                    closeAdmin();
                }
            }
            throw new IllegalStateException("Cannot " + what + " on " + DatabaseUrls.mask(env.postgresUrl()) + " ("
                    + failure.getSQLState() + "): " + failure.getMessage(), failure);
        }
    }

    private Connection adminConnection() throws SQLException {
        if (admin == null || admin.isClosed()) {
            Properties properties = new Properties();
            properties.setProperty("user", env.user());
            if (env.password() != null) {
                properties.setProperty("password", env.password());
            }
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "60");
            properties.setProperty("ApplicationName", "windsurf-testkit");
            admin = DriverManager.getConnection(adminUrl, properties);
        }
        return admin;
    }

    private void closeAdmin() {
        try {
            if (admin != null) {
                admin.close();
            }
        } catch (SQLException ignored) {
            // a lost connection is closed either way
        }
        admin = null;
    }

    /** The JDBC URL of another database on this server. */
    String urlOf(String database) {
        Matcher m = JDBC.matcher(adminUrl);
        if (!m.matches()) {
            throw new IllegalStateException("unreachable: checked in the constructor");
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** Whether a test database of this name is still open (created and not yet dropped). */
    boolean isOpen(String name) {
        return open.contains(name);
    }

    private void dropAll() {
        synchronized (lock) {
            for (String name : Set.copyOf(open)) {
                try {
                    drop(name);
                } catch (RuntimeException ignored) {
                    // best effort while the JVM exits
                }
            }
            if (template != null) {
                try {
                    execute("DROP DATABASE IF EXISTS " + template + " WITH (FORCE)", "drop the template " + template);
                } catch (RuntimeException ignored) {
                    // best effort while the JVM exits
                }
            }
            closeAdmin();
        }
    }
}
