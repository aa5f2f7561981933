package dev.windsurf.data.testkit;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fresh, fully migrated databases for tests, without JUnit: the engine behind {@link DatabaseExtension}, for test
 * frameworks other than JUnit Jupiter, benchmarks, or a test that needs its own settings (a fixed clock, listeners).
 *
 * <pre>{@code
 * try (TestDatabase test = TestDatabases.open(Engine.SQLITE, settings -> settings.clock(fixedClock))) {
 *     UserService users = new UserService(test.database());
 *     …
 * }
 * }</pre>
 *
 * <p>The migrations run once per JVM and engine, into a template; each database is a copy of it:
 * <ul>
 *   <li>SQLite: an in-memory database (shared cache, private to its test) restored from a migrated template file
 *   under {@code java.io.tmpdir}.</li>
 *   <li>PostgreSQL: {@code CREATE DATABASE wsf_kit_<hex> TEMPLATE wsf_kit_tpl_<hex>} on the server named by
 *   {@code TEST_POSTGRES_URL} (default: {@code jdbc:postgresql://127.0.0.1:5432/postgres}; also the other URL forms
 *   {@link DatabaseConfig.Builder#url} accepts), as {@code TEST_POSTGRES_USER} (default: the URL's user, else
 *   {@code postgres}) with {@code TEST_POSTGRES_PASSWORD} (default: the URL's password, else none). The user needs
 *   the {@code CREATEDB} privilege.</li>
 * </ul>
 * The Database starts with {@code SchemaPolicy.NONE}, named after its database, with 2 pooled connections on
 * PostgreSQL; other settings are the library's defaults unless the {@code settings} callback changes them. The
 * template file and the template database are removed when the JVM exits.
 *
 * <p>Thread-safe: tests running in parallel each get their own database.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    /**
     * The engine of tests that name none: PostgreSQL when {@code TEST_POSTGRES_URL} is set, else SQLite in memory.
     *
     * @return the engine for tests that name none
     */
    public static Engine defaultEngine() {
        return KitEnvironment.process().defaultEngine();
    }

    /**
     * A fresh, fully migrated database of the engine, with the default settings.
     *
     * @param engine the engine to open it on
     * @return the database, to close after the test (which drops it)
     * @throws IllegalStateException when PostgreSQL is unreachable, or the migrations fail
     * @see #open(Engine, Consumer)
     */
    public static TestDatabase open(Engine engine) {
        return open(engine, settings -> { });
    }

    /**
     * A fresh, fully migrated database of the engine; {@code settings} may change any setting of the Database except
     * its URL, credentials and schema policy, which the kit sets after it.
     *
     * @param engine   the engine to open it on
     * @param settings changes to the settings the kit starts the database with
     * @return the database, to close after the test (which drops it)
     * @throws NullPointerException  when an argument is null
     * @throws IllegalStateException when PostgreSQL is unreachable ({@link #postgresUnavailableReason()} says why), or
     *                               the migrations fail
     */
    public static TestDatabase open(Engine engine, Consumer<DatabaseConfig.Builder> settings) {
        return open(engine, settings, KitEnvironment.process());
    }

    static TestDatabase open(Engine engine, Consumer<DatabaseConfig.Builder> settings, KitEnvironment env) {
        Objects.requireNonNull(engine, "engine cannot be null");
        Objects.requireNonNull(settings, "settings cannot be null");
        return switch (engine) {
            case SQLITE -> SqliteTemplate.get().open(settings);
            case POSTGRESQL -> PostgresServer.of(env).open(settings);
        };
    }

    /**
     * Why the test PostgreSQL server cannot be used, or empty when it answers. The server is tried once per JVM;
     * the first failure is logged at WARN.
     *
     * @return the reason, or empty when the server answers
     */
    public static Optional<String> postgresUnavailableReason() {
        return PostgresServer.of(KitEnvironment.process()).unavailableReason();
    }

    /**
     * Whether tests that need PostgreSQL fail, rather than skip, when it is unreachable
     * ({@code WINDSURF_REQUIRE_POSTGRES=true}).
     *
     * @return true when {@code WINDSURF_REQUIRE_POSTGRES} is {@code true}
     */
    public static boolean postgresRequired() {
        return KitEnvironment.process().requirePostgres();
    }

    /**
     * Applies every migration set on the class path to a fresh SQLite database and to a fresh PostgreSQL database (the
     * kit's own, as {@link #open(Engine)} gives them) and returns how their schemas differ: tables, columns, type
     * families, nullability, keys, delete rules, unique and CHECK constraints, indexes. Empty when one migration set
     * means the same on both engines, which a test of a portable set should assert:
     *
     * <pre>{@code
     * assertThat(TestDatabases.schemaDifferencesBetweenEngines()).isEmpty();
     * }</pre>
     *
     * @return one line per difference; empty when the engines' schemas match
     * @throws IllegalStateException when PostgreSQL is unreachable, the migrations fail, or a set on the class path
     *                               targets PostgreSQL only (SQLite refuses it)
     */
    public static List<String> schemaDifferencesBetweenEngines() {
        try (TestDatabase sqlite = open(Engine.SQLITE); TestDatabase postgres = open(Engine.POSTGRESQL);
             Connection s = sqlite.database().dataSource().getConnection();
             Connection p = postgres.database().dataSource().getConnection()) {
            return SchemaDiff.compare(SchemaReader.read(p), "postgresql", SchemaReader.read(s), "sqlite",
                    SchemaDiff.Mode.ACROSS_ENGINES);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the test databases' schemas: " + e.getMessage(), e);
        }
    }

    /** "windsurf 3, notes 1" for log lines: every migration set's version. */
    static String versions(dev.windsurf.data.Database db) {
        var sets = db.health().migrationSets();
        if (sets.isEmpty()) {
            return "no migration set (none on the class path)";
        }
        return "migration sets " + String.join(", ", sets.stream()
                .map(s -> s.set() + " " + (s.version() == null ? "none" : s.version())).toList());
    }
}
