package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.migration.SqlScript;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.testsupport.EngineUnderTest;
import dev.windsurf.data.testsupport.TestSqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code db upgrade/downgrade --sql}, {@code --from} and {@code --dry-run} on a real database of each engine, with
 * two stacked migration sets (WindSurf's and a service's set whose first migration uses Flyway's placeholders):
 * the printed SQL, run by hand, gives what the real command gives (schema, history table, history records, the
 * version {@code db current} reports); and neither option ever changes the database, proven by a fingerprint taken
 * before and after (the engine's subclass says what the fingerprint is).
 */
abstract class OfflineSqlContract {

    protected EngineUnderTest engine;
    protected Path files;
    protected MigrationSet windsurf;
    protected MigrationSet extras;

    protected abstract Engine engine();

    /** What must not change: SQLite, the bytes of the file and its -wal; PostgreSQL, the catalog and history. */
    protected abstract String fingerprint(String url) throws Exception;

    /** The structure of every table, history tables included, as comparable lines. */
    protected abstract List<String> catalog(String url) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        engine = new EngineUnderTest(engine());
        files = Files.createTempDirectory(TestSqlite.tempDirectory(), "offline");
        windsurf = MigrationSet.discover(getClass().getClassLoader()).stream()
                .filter(s -> s.name().equals("windsurf")).findFirst().orElseThrow();
        Path migration = Files.createDirectories(files.resolve("extras/migration"));
        Path undo = Files.createDirectories(files.resolve("extras/undo"));
        Files.writeString(migration.resolve("V1__create_extras.sql"), """
                -- Extras of ${flyway:filename}, recorded in ${flyway:table}: it's a 'quoted' comment
                CREATE TABLE extras (
                    id      TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    origin  TEXT NOT NULL DEFAULT '${flyway:filename}',
                    history TEXT NOT NULL DEFAULT '${flyway:table}',
                    placed  TEXT NOT NULL DEFAULT '${flyway:defaultSchema}',
                    author  TEXT NOT NULL DEFAULT '${flyway:user}',
                    CONSTRAINT pk_extras PRIMARY KEY (id),
                    CONSTRAINT fk_extras_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                );
                CREATE INDEX ix_extras_user_id ON extras (user_id) -- the owner's extras
                """);
        Files.writeString(undo.resolve("U1__create_extras.sql"), "DROP TABLE extras;\n");
        Files.writeString(migration.resolve("V2__add_extras_note.sql"), "ALTER TABLE extras ADD COLUMN note TEXT;\n");
        Files.writeString(undo.resolve("U2__add_extras_note.sql"), "ALTER TABLE extras DROP COLUMN note;\n");
        extras = MigrationSet.builder("extras").locations("filesystem:" + migration)
                .undoLocation("filesystem:" + undo).dependsOn("windsurf").build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    // ---------------------------------------------------------------- helpers

    protected DatabaseConfig.Builder settings() {
        return DatabaseConfig.builder().credentials(engine.user(), engine.password())
                .migrationSets(List.of(windsurf, extras));
    }

    protected CommandRun db(String url, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--url";
        all[args.length + 1] = url;
        return CommandRun.run(this::settings, all);
    }

    /** Runs a printed script statement by statement through JDBC in autocommit, as a DBA's client would. */
    protected void runScript(String url, String script) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement()) {
            for (SqlScript.Statement s : SqlScript.split(script)) {
                st.execute(s.sql());
            }
        }
    }

    /** Applies migrations with plain Flyway, so that only the command under test runs the {@code db} code. */
    protected void migrate(String url, MigrationSet set, String target) {
        Flyway.configure(getClass().getClassLoader()).dataSource(url, engine.user(), engine.password())
                .locations(set.locations().toArray(String[]::new)).table(set.historyTable()).target(target)
                .load().migrate();
    }

    /** Every record of a history table, without the columns only a real run can know (time, duration). */
    protected List<String> history(String url, String table) throws SQLException {
        return rows(url, "SELECT installed_rank, version, description, type, script, checksum, installed_by, success "
                + "FROM " + table + " WHERE type <> 'BASELINE' ORDER BY installed_rank");
    }

    protected List<String> rows(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    protected List<String> schemaDifferences(String left, String right) throws SQLException {
        try (Connection a = DriverManager.getConnection(left, engine.user(), engine.password());
             Connection b = DriverManager.getConnection(right, engine.user(), engine.password())) {
            return SchemaDiff.compare(SchemaReader.read(a), "by hand", SchemaReader.read(b), "db upgrade",
                    SchemaDiff.Mode.SAME_ENGINE);
        }
    }

    private void assertSameAsRealRun(String byHand, String real) throws Exception {
        assertThat(schemaDifferences(byHand, real)).isEmpty();
        assertThat(catalog(byHand)).isEqualTo(catalog(real));
        assertThat(history(byHand, "flyway_schema_history")).isEqualTo(history(real, "flyway_schema_history"));
        assertThat(history(byHand, "extras_schema_history")).isEqualTo(history(real, "extras_schema_history"));
    }

    // ---------------------------------------------------------------- upgrade --sql

    @Test
    void shouldPrintUpgradeSqlThatBuildsWhatARealUpgradeBuilds() throws Exception {
        // Given two empty databases
        String byHand = engine.newUrl();
        String real = engine.newUrl();
        if (engine() == Engine.SQLITE) {
            runScript(byHand, "PRAGMA user_version = 0");
            runScript(real, "PRAGMA user_version = 0");
        }

        // When one gets the printed SQL run by hand and the other a real upgrade
        CommandRun sql = db(byHand, "upgrade", "--sql");
        assertThat(sql.exitCode()).as(sql.both()).isZero();
        assertThat(catalog(byHand)).as("--sql applied nothing").isEqualTo(catalog(real));
        runScript(byHand, sql.out());
        CommandRun upgrade = db(real, "upgrade", "head");
        assertThat(upgrade.exitCode()).as(upgrade.both()).isZero();

        // Then both have the same schema, history tables and records, and db current says so
        assertThat(sql.out()).contains("-- migration set windsurf: version 1: V1__create_organizations.sql",
                "-- migration set extras: version 1: V1__create_extras.sql");
        assertThat(sql.out().indexOf("migration set windsurf")).isLessThan(sql.out().indexOf("migration set extras"));
        assertThat(sql.out()).doesNotContain("${flyway:");
        assertSameAsRealRun(byHand, real);
        CommandRun current = db(byHand, "current");
        assertThat(current.out()).as(current.both()).contains("windsurf: 3 (head)", "extras: 2 (head)");
    }

    @Test
    void shouldPrintUpgradeSqlFromTheVersionTheDatabaseIsAt() throws Exception {
        // Given databases at windsurf version 3 and extras version 1
        String byHand = engine.newUrl();
        String real = engine.newUrl();
        for (String url : List.of(byHand, real)) {
            CommandRun first = db(url, "upgrade", "head", "--schema", "windsurf");
            assertThat(first.exitCode()).as(first.both()).isZero();
            CommandRun second = db(url, "upgrade", "1", "--schema", "extras");
            assertThat(second.exitCode()).as(second.both()).isZero();
        }

        // When the rest is printed and run by hand on one, and really applied on the other
        CommandRun sql = db(byHand, "upgrade", "--sql");
        assertThat(sql.exitCode()).as(sql.both()).isZero();
        runScript(byHand, sql.out());
        assertThat(db(real, "upgrade", "head").exitCode()).isZero();

        // Then only extras V2 was in the script, with the rank the real run gives it
        assertThat(sql.out()).contains("windsurf: upgrade from version 3 to 3, 0 migration(s)",
                "extras: upgrade from version 1 to 2, 1 migration(s)", "V2__add_extras_note.sql")
                .doesNotContain("CREATE TABLE organizations");
        assertSameAsRealRun(byHand, real);
        assertThat(db(byHand, "current").out()).contains("extras: 2 (head)");
    }

    @Test
    void shouldWriteUpgradeSqlWithoutADatabase() throws Exception {
        // Given a URL that leads nowhere (no server, no file)
        String nowhere = engine() == Engine.POSTGRESQL ? "jdbc:postgresql://127.0.0.1:1/none"
                : "jdbc:sqlite:" + files.resolve("never-created.db");

        // When WindSurf's set is written from base without a database
        CommandRun sql = db(nowhere, "upgrade", "--sql", "--from", "base", "--schema", "windsurf");

        // Then the dialect comes from the URL's scheme, and the SQL builds what a real upgrade builds
        assertThat(sql.exitCode()).as(sql.both()).isZero();
        assertThat(sql.out()).contains("-- Dialect: " + (engine() == Engine.POSTGRESQL ? "PostgreSQL" : "SQLite")
                + " (from the scheme of the URL");
        assertThat(Files.exists(files.resolve("never-created.db"))).isFalse();
        String byHand = engine.newUrl();
        String real = engine.newUrl();
        runScript(byHand, sql.out());
        assertThat(db(real, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        assertThat(schemaDifferences(byHand, real)).isEmpty();
        assertThat(history(byHand, "flyway_schema_history")).isEqualTo(history(real, "flyway_schema_history"));

        // And --from a version computes the rank in SQL, which gives the same records on a database at it
        String atOne = engine.newUrl();
        String realFromOne = engine.newUrl();
        migrate(atOne, windsurf, "1");
        migrate(realFromOne, windsurf, "1");
        CommandRun fromOne = db(nowhere, "upgrade", "--sql", "--from", "1", "--schema", "windsurf", "--engine",
                engine().name().toLowerCase());
        assertThat(fromOne.exitCode()).as(fromOne.both()).isZero();
        assertThat(fromOne.out()).contains("(from --engine " + engine().name().toLowerCase() + ")")
                .doesNotContain("V1__create_organizations.sql (");
        runScript(atOne, fromOne.out());
        assertThat(db(realFromOne, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        assertThat(schemaDifferences(atOne, realFromOne)).isEmpty();
        assertThat(history(atOne, "flyway_schema_history")).isEqualTo(history(realFromOne, "flyway_schema_history"));
        assertThat(db(atOne, "current", "--schema", "windsurf").out()).contains("3 (head)");
    }

    // ---------------------------------------------------------------- downgrade --sql

    @Test
    void shouldPrintDowngradeSqlThatLeavesWhatARealDowngradeLeaves() throws Exception {
        // Given two databases at head
        String byHand = engine.newUrl();
        String real = engine.newUrl();
        for (String url : List.of(byHand, real)) {
            assertThat(db(url, "upgrade", "head").exitCode()).isZero();
        }

        // When the last extras migration is undone by hand on one and for real on the other
        CommandRun one = db(byHand, "downgrade", "-1", "--schema", "extras", "--sql");
        assertThat(one.exitCode()).as(one.both()).isZero();
        assertThat(one.out()).contains("undo version 2: U2__add_extras_note.sql (undoes V2__add_extras_note.sql)",
                "DELETE FROM");
        runScript(byHand, one.out());
        assertThat(db(real, "downgrade", "-1", "--schema", "extras").exitCode()).isZero();

        // Then they match, and db current reports version 1
        assertSameAsRealRun(byHand, real);
        assertThat(db(byHand, "current", "--schema", "extras").out()).isEqualTo("1 (head is 2: 1 pending)\n");

        // And all the way down, dependents first
        CommandRun base = db(byHand, "downgrade", "base", "--sql");
        assertThat(base.exitCode()).as(base.both()).isZero();
        assertThat(base.out().indexOf("migration set extras")).isLessThan(base.out().indexOf("migration set windsurf"));
        runScript(byHand, base.out());
        assertThat(db(real, "downgrade", "base").exitCode()).isZero();
        assertSameAsRealRun(byHand, real);
        CommandRun current = db(byHand, "current");
        assertThat(current.out()).as(current.both()).contains("windsurf: base", "extras: base");
    }

    @Test
    void shouldRefuseDowngradeSqlTheRealDowngradeWouldRefuse() throws Exception {
        // Given a database with extras applied on top of windsurf
        String url = engine.newUrl();
        assertThat(db(url, "upgrade", "head").exitCode()).isZero();
        String before = fingerprint(url);

        // When windsurf alone is to be undone
        CommandRun run = db(url, "downgrade", "base", "--schema", "windsurf", "--sql");

        // Then it is refused as the real command refuses it
        assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(run.err()).startsWith("FAILED: Cannot downgrade migration set windsurf: migration set(s) extras");
        assertThat(run.out()).isEmpty();
        assertThat(fingerprint(url)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- nothing changes

    @Test
    void shouldNeverChangeTheDatabaseUnderSqlOrDryRun() throws Exception {
        // Given a database at windsurf 2, extras at base
        String url = engine.newUrl();
        prepareForFingerprint(url);
        assertThat(db(url, "upgrade", "2", "--schema", "windsurf").exitCode()).isZero();
        String before = fingerprint(url);

        // When every offline form of upgrade and downgrade runs against it
        List<String[]> commands = List.of(
                new String[] {"upgrade", "--sql"},
                new String[] {"upgrade", "--dry-run"},
                new String[] {"upgrade", "3", "--schema", "windsurf", "--dry-run"},
                new String[] {"upgrade", "head", "--json", "--dry-run"},
                new String[] {"downgrade", "base", "--sql"},
                new String[] {"downgrade", "base", "--dry-run"},
                new String[] {"downgrade", "-1", "--schema", "windsurf", "--dry-run"});
        for (String[] command : commands) {
            CommandRun run = db(url, command);

            // Then each reports success and the database is exactly as it was
            assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run.both()).isZero();
            assertThat(fingerprint(url)).as(String.join(" ", command)).isEqualTo(before);
        }
        CommandRun json = db(url, "upgrade", "--dry-run", "--json");
        assertThat(json.out()).contains("\"dryRun\":true", "\"reached\":\"3\"", "\"ok\":true");
        CommandRun sqlJson = db(url, "upgrade", "--sql", "--json");
        assertThat(sqlJson.out()).contains("\"engine\":\"" + engine().name().toLowerCase() + "\"", "\"sql\":\"--");
        CommandRun dry = db(url, "upgrade", "--dry-run");
        assertThat(dry.out()).contains("would apply V3__create_projects.sql", "windsurf: would reach version 3",
                "extras: would apply V2__add_extras_note.sql", "extras: would reach version 2", "Nothing was changed.");
        CommandRun down = db(url, "downgrade", "-1", "--schema", "windsurf", "--dry-run");
        assertThat(down.out()).contains("would undo with U2__create_users.sql", "would reach version 1");
        assertThat(db(url, "current").out()).contains("windsurf: 2", "extras: base");
        releaseFingerprint();
    }

    /**
     * Called on a new database before the first migration: lets a subclass make the fingerprint demanding (SQLite:
     * a connection held open so that the history lives in the -wal, not yet in the file).
     */
    protected void prepareForFingerprint(String url) throws Exception {
    }

    protected void releaseFingerprint() throws Exception {
    }

    @Test
    void shouldReportTheErrorTheRealUpgradeWouldHitAndChangeNothing() throws Exception {
        // Given a database at windsurf 3 and extras 1, and a broken extras V2
        String url = engine.newUrl();
        assertThat(db(url, "upgrade", "head", "--schema", "windsurf").exitCode()).isZero();
        assertThat(db(url, "upgrade", "1", "--schema", "extras").exitCode()).isZero();
        Files.writeString(files.resolve("extras/migration/V2__add_extras_note.sql"),
                "ALTER TABLE extras ADD COLUMN note TEXT;\nCREATE INDEX ix_extras_missing ON extras (missing);\n");
        String before = fingerprint(url);

        // When it is dry-run
        CommandRun dry = db(url, "upgrade", "--dry-run", "--schema", "extras");

        // Then the failure is reported, with the version the real run would stop at, and nothing changed
        assertThat(dry.exitCode()).as(dry.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(dry.out()).contains("would FAIL", "V2__add_extras_note.sql", "would stop at version 1");
        assertThat(dry.err().lines().toList()).singleElement().asString().startsWith("FAILED: the dry run")
                .contains("V2__add_extras_note.sql");
        assertThat(fingerprint(url)).isEqualTo(before);

        // And the real run fails on the same script
        CommandRun realRun = db(url, "upgrade", "head", "--schema", "extras");
        assertThat(realRun.exitCode()).isEqualTo(DbCommand.PROBLEM);
        assertThat(realRun.err()).contains("V2__add_extras_note.sql failed");
    }

    @Test
    void shouldRefuseASchemaFlywayWouldRefuse() throws Exception {
        // Given a database with a table but no history: not made by these migrations
        String url = engine.newUrl();
        runScript(url, "CREATE TABLE strangers (id TEXT)");
        String before = fingerprint(url);

        // When its upgrade is written out or dry-run
        for (String mode : List.of("--sql", "--dry-run")) {
            CommandRun run = db(url, "upgrade", mode);

            // Then both refuse it as the real upgrade does, and change nothing
            assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.PROBLEM);
            assertThat(run.err()).startsWith("FAILED: The database already has tables, but no history table "
                    + "flyway_schema_history");
            assertThat(fingerprint(url)).isEqualTo(before);
        }
        CommandRun real = db(url, "upgrade", "head");
        assertThat(real.err()).as(real.both()).startsWith("FAILED: The database already has tables");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void shouldRefuseBadInputWithOneLineAndChangeNothing() throws Exception {
        String url = engine.newUrl();
        assertThat(db(url, "upgrade", "1", "--schema", "windsurf").exitCode()).isZero();
        String before = fingerprint(url);
        List<String[]> bad = List.of(
                new String[] {"upgrade", "9", "--schema", "windsurf", "--sql"},
                new String[] {"downgrade", "7", "--schema", "windsurf", "--sql"},
                new String[] {"upgrade", "latest", "--sql"},
                new String[] {"upgrade", "--sql", "--from", "9", "--schema", "windsurf"},
                new String[] {"downgrade", "base", "--sql", "--from", "4", "--schema", "windsurf"},
                new String[] {"upgrade", "--sql", "--dry-run"},
                new String[] {"downgrade", "base", "--sql", "--dry-run"},
                new String[] {"upgrade", "--dry-run", "--from", "base"},
                new String[] {"upgrade", "--sql", "--engine", "postgresql"},
                new String[] {"upgrade", "--sql", "--from", "base", "--engine", "oracle"},
                new String[] {"upgrade", "--sql", "--from", "1"});
        for (String[] command : bad) {
            CommandRun run = db(url, command);

            assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run.both()).isEqualTo(DbCommand.USAGE);
            assertThat(run.err().lines().toList()).as(String.join(" ", command)).singleElement().asString()
                    .startsWith("FAILED: ");
            assertThat(run.err()).doesNotContain("Exception", "\tat ");
            assertThat(run.out()).isEmpty();
            assertThat(fingerprint(url)).as(String.join(" ", command)).isEqualTo(before);
        }
        assertThat(db(url, "upgrade", "--sql", "--from", "9", "--schema", "windsurf").err())
                .contains("Can't locate revision 9", "beyond head, 3");
        assertThat(db(url, "upgrade", "--sql", "--dry-run").err()).contains("exclude each other");
    }
}
