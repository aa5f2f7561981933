package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.migration.SqlScript;
import dev.windsurf.data.internal.schema.SchemaDiff;
import dev.windsurf.data.internal.schema.SchemaReader;
import dev.windsurf.data.internal.schema.SchemaSnapshot;
import dev.windsurf.data.testsupport.EngineUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code db} command on a real database of each engine, through the command line as an application mounts
 * it: output for people and for scripts, exit codes, and the history and schema it leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MigrationCommandsContract {

    protected EngineUnderTest engine;
    protected String url;
    private String shared;

    protected abstract Engine engine();

    @BeforeAll
    void createDatabase() {
        engine = new EngineUnderTest(engine());
        if (engine() == Engine.POSTGRESQL) {
            shared = engine.newUrl();
        }
    }

    /** SQLite: a new file; PostgreSQL: one database per class, its schema emptied (creating one costs ~0.7 s). */
    @BeforeEach
    void emptyDatabase() throws Exception {
        if (shared == null) {
            url = engine.newUrl();
        } else {
            url = shared;
            sql("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        }
    }

    @AfterAll
    void dropDatabases() {
        engine.close();
    }

    /** Applies migrations with plain Flyway: a test's starting point, so that only the command under test runs. */
    protected void migrate(String target) {
        migrate(target, null);
    }

    /** Like {@link #migrate(String)}, with the migrations of a copied tree ({@code db/migration}). */
    protected void migrate(String target, Path db) {
        var flyway = Flyway.configure().dataSource(url, engine.user(), engine.password()).target(target);
        if (db != null) {
            flyway.locations("filesystem:" + db.resolve("migration").toAbsolutePath());
        }
        flyway.load().migrate();
    }

    /** Runs {@code db <args> --url <this database>}. */
    protected CommandRun db(String... args) {
        return dbOn(url, args);
    }

    protected CommandRun dbOn(String database, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--url";
        all[args.length + 1] = database;
        return CommandRun.run(this::settings, all);
    }

    protected DatabaseConfig.Builder settings() {
        return DatabaseConfig.builder().credentials(engine.user(), engine.password());
    }

    protected void sql(String... statements) throws Exception {
        sqlOn(url, statements);
    }

    protected void sqlOn(String database, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(database, engine.user(), engine.password());
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    protected SchemaSnapshot schema() throws Exception {
        return schemaOf(url);
    }

    protected SchemaSnapshot schemaOf(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(database, engine.user(), engine.password())) {
            return SchemaReader.read(c);
        }
    }

    /** The versions in the history table, oldest first ({@code empty} when there is no table). */
    protected List<String> history() throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL "
                     + "ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            return List.of();
        }
        return versions;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    // ---------------------------------------------------------------- upgrade

    @Test
    void shouldUpgradeAnEmptyDatabaseToHeadShowingProgress() throws Exception {
        CommandRun run = db("upgrade");

        assertThat(run.exitCode()).as(run.both()).isZero();
        assertThat(run.out()).contains("Upgrading ", ": 3 migration(s), versions 1 to 3",
                "applying 1/3  V1__create_organizations.sql ... ", "applying 3/3  V3__create_projects.sql      ... ",
                "Now at version 3 (head) after 3 migration(s)");
        assertThat(run.out()).containsPattern("V2__create_users\\.sql +\\.\\.\\. \\d+ ms");
        assertThat(history()).containsExactly("1", "2", "3");
        assertThat(schema().tables()).containsOnlyKeys("organizations", "users", "projects");
    }

    @Test
    void shouldUpgradeByRelativeStepsAndToAVersion() throws Exception {
        CommandRun first = db("upgrade", "+1");
        CommandRun second = db("upgrade", "2");
        CommandRun rest = db("upgrade", "head");
        CommandRun again = db("upgrade", "head");

        assertThat(first.exitCode()).as(first.both()).isZero();
        assertThat(first.out()).contains("Now at version 1 after 1 migration(s)");
        assertThat(second.out()).contains("applying 1/1  V2__create_users.sql", "Now at version 2 after");
        assertThat(rest.out()).contains("Now at version 3 (head)");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Already at version 3 (head): nothing to upgrade.");
        assertThat(history()).containsExactly("1", "2", "3");
    }

    @Test
    void shouldRejectBadUpgradeTargetsWithTheUsageCodeAndChangeNothing() throws Exception {
        migrate("2");

        CommandRun unknown = db("upgrade", "7");
        CommandRun letters = db("upgrade", "+abc");
        CommandRun zero = db("upgrade", "+0");
        CommandRun tooFar = db("upgrade", "+5");
        CommandRun backwards = db("upgrade", "1");
        CommandRun word = db("upgrade", "latest");

        assertThat(unknown.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(unknown.err()).contains("Can't locate revision 7. Known versions: 1, 2, 3.");
        assertThat(letters.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(letters.err()).contains("Invalid upgrade target '+abc'", "+N");
        assertThat(zero.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(zero.err()).contains("Invalid upgrade target '+0'", "at least one migration");
        assertThat(tooFar.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(tooFar.err()).contains("Relative revision +5 didn't produce 5 migrations: 1 pending (3)");
        assertThat(backwards.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(backwards.err()).contains("below the current version 2", "db downgrade 1");
        assertThat(word.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(word.err()).contains("expected head, +N or a version");
        assertThat(history()).containsExactly("1", "2");
    }

    // ---------------------------------------------------------------- downgrade

    @Test
    void shouldDowngradeOneStepAndUpgradeAgain() throws Exception {
        migrate("latest");

        CommandRun down = db("downgrade", "-1");

        assertThat(down.exitCode()).as(down.both()).isZero();
        assertThat(down.out()).contains("Downgrading ", ": 1 undo script(s), version 3",
                "undoing 1/1  U3__create_projects.sql ... ", "Now at version 2 after 1 undo script(s)",
                "`db upgrade head` applies them again.");
        assertThat(history()).containsExactly("1", "2");
        assertThat(schema().tables()).containsOnlyKeys("organizations", "users");

        CommandRun up = db("upgrade", "head");
        assertThat(up.exitCode()).as(up.both()).isZero();
        assertThat(history()).containsExactly("1", "2", "3");
        assertThat(schema().tables()).containsOnlyKeys("organizations", "users", "projects");
    }

    @Test
    void shouldDowngradeToAVersionAndToBase() throws Exception {
        migrate("latest");

        CommandRun toOne = db("downgrade", "1");
        CommandRun same = db("downgrade", "1");
        CommandRun toBase = db("downgrade", "base");

        assertThat(toOne.exitCode()).as(toOne.both()).isZero();
        assertThat(toOne.out()).contains("undoing 1/2  U3__create_projects.sql", "undoing 2/2  U2__create_users.sql",
                "Now at version 1");
        assertThat(same.out()).contains("Already at version 1: nothing to downgrade.");
        assertThat(toBase.exitCode()).as(toBase.both()).isZero();
        assertThat(toBase.out()).contains("Now at version base");
        assertThat(history()).isEmpty();
        assertThat(schema().tables()).isEmpty();
    }

    @Test
    void shouldRejectBadDowngradeTargetsWithTheUsageCodeAndChangeNothing() throws Exception {
        migrate("2");

        CommandRun minusZero = db("downgrade", "-0");
        CommandRun belowBase = db("downgrade", "-5");
        CommandRun unknown = db("downgrade", "7");
        CommandRun above = db("downgrade", "3");
        CommandRun forward = db("downgrade", "+1");
        CommandRun missing = db("downgrade");

        assertThat(minusZero.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(minusZero.err()).contains("Invalid downgrade target '-0'", "e.g. -1");
        assertThat(belowBase.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(belowBase.err()).contains("Relative revision -5 didn't produce 5 migrations: 2 applied (2, 1)",
                "below base", "db downgrade base");
        assertThat(unknown.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(unknown.err()).contains("Can't locate revision 7. Known versions: 1, 2, 3.");
        assertThat(above.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(above.err()).contains("Version 3 is above the current version 2", "db upgrade 3");
        assertThat(forward.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(forward.err()).contains("not a downgrade target");
        assertThat(missing.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(missing.err()).contains("Missing required parameter: 'TARGET'");
        assertThat(history()).containsExactly("1", "2");
        assertThat(schema().tables()).containsOnlyKeys("organizations", "users");
    }

    @Test
    void shouldRunNoUndoScriptWhenOneOfThemIsMissing(@TempDir Path tmp) throws Exception {
        // Given a fourth migration whose undo script was never written
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        MigrationFixtures.write(db.resolve("migration/V4__create_tags.sql"),
                "CREATE TABLE tags (id TEXT NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));\n");
        String[] at = MigrationFixtures.locations(db);
        migrate("latest", db);

        // When two versions are undone
        CommandRun down = db(concat(new String[] {"downgrade", "-2"}, at));

        // Then the downgrade stops before anything runs, naming the file it expected
        assertThat(down.exitCode()).as(down.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(down.err()).contains("no undo script " + db.resolve("undo").toAbsolutePath()
                + "/U4__create_tags.sql (undoes V4__create_tags.sql)", "Nothing was run");
        assertThat(down.out()).doesNotContain("undoing");
        assertThat(history()).containsExactly("1", "2", "3", "4");
        assertThat(schema().tables()).containsOnlyKeys("organizations", "users", "projects", "tags");
    }

    @Test
    void shouldNameBothFilesWhenTwoMigrationsClaimOneVersion(@TempDir Path tmp) throws Exception {
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        MigrationFixtures.write(db.resolve("migration/V3__create_tags.sql"), "CREATE TABLE tags (id TEXT);\n");

        CommandRun upgrade = db(concat(new String[] {"upgrade"}, MigrationFixtures.locations(db)));

        assertThat(upgrade.exitCode()).as(upgrade.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(upgrade.err()).contains("Two migrations claim version 3: ", "V3__create_projects.sql and ",
                "V3__create_tags.sql");
        assertThat(history()).isEmpty();
    }

    @Test
    void shouldRollBackAFailingMigrationOrUndoScriptAndSaySo(@TempDir Path tmp) throws Exception {
        // Given a migration and an undo script that the database refuses
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        MigrationFixtures.write(db.resolve("migration/V4__broken.sql"),
                "CREATE TABLE tags (id TEXT NOT NULL);\nCREATE TABLE broken (;\n");
        MigrationFixtures.write(db.resolve("undo/U3__create_projects.sql"),
                "DROP INDEX ix_projects_organization_id;\nDROP TABLE no_such_table;\n");
        String[] at = MigrationFixtures.locations(db);

        // When they run
        CommandRun up = db(concat(new String[] {"upgrade"}, at));
        CommandRun down = db(concat(new String[] {"downgrade", "-1"}, at));

        // Then each is rolled back whole, and the message says where the database is
        assertThat(up.exitCode()).as(up.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(up.out()).contains("applying 3/4  V3__create_projects.sql")
                .containsPattern("applying 4/4  V4__broken\\.sql +\\.\\.\\. FAILED");
        assertThat(up.err()).contains("FAILED: V4__broken.sql failed: ",
                "Its transaction was rolled back: the database is at version 3.");
        assertThat(down.exitCode()).as(down.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(down.out()).contains("undoing 1/1  U3__create_projects.sql ... FAILED");
        assertThat(down.err()).contains("FAILED: U3__create_projects.sql failed at line 2 (DROP TABLE no_such_table)",
                "Its transaction was rolled back: the database is still at version 3.");
        assertThat(history()).containsExactly("1", "2", "3");
        assertThat(schema().tables()).containsOnlyKeys("organizations", "users", "projects");
        assertThat(schema().tables().get("projects").indexes()).containsKey("ix_projects_organization_id");
    }

    @Test
    void shouldRefuseToMigrateADatabaseAheadOfTheseMigrations() throws Exception {
        migrate("2");
        sql("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', "
                + "'V99__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, TRUE)");

        CommandRun upgrade = db("upgrade");
        CommandRun check = db("check");

        assertThat(upgrade.exitCode()).as(upgrade.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(upgrade.err()).contains("Can't locate revision 99: the database is at version 99",
                "known versions: 1, 2, 3", "db stamp 3");
        assertThat(check.exitCode()).isEqualTo(DbCommand.PROBLEM);
        assertThat(check.out()).contains("drift      not checked");
        assertThat(check.err()).contains("FAILED: Can't locate revision(s) 99");
        assertThat(history()).containsExactly("1", "2", "99");
    }

    // ---------------------------------------------------------------- current, history

    @Test
    void shouldPrintTheCurrentVersionAgainstHead() throws Exception {
        sql("CREATE TABLE unrelated (id TEXT)"); // an existing database without any migration
        sql("DROP TABLE unrelated");
        CommandRun empty = db("current");
        migrate("2");
        CommandRun behind = db("current");
        CommandRun behindJson = db("current", "--json");
        migrate("latest");
        CommandRun atHead = db("current");

        assertThat(empty.out()).isEqualTo("base (head is 3: 3 pending)\n");
        assertThat(behind.out()).isEqualTo("2 (head is 3: 1 pending)\n");
        assertThat(behindJson.out()).isEqualTo("{\"command\":\"current\",\"ok\":true,\"exitCode\":0,"
                + "\"current\":\"2\",\"head\":\"3\",\"pending\":1,\"upToDate\":false,\"set\":\"windsurf\"}\n");
        assertThat(atHead.exitCode()).isZero();
        assertThat(atHead.out()).isEqualTo("3 (head)\n");
    }

    @Test
    void shouldListHistoryNewestFirstWithStateChecksumAndUndo() throws Exception {
        migrate("2");
        sql("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");

        CommandRun history = db("history");
        CommandRun json = db("history", "--json");

        assertThat(history.exitCode()).as(history.both()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(lines.get(0)).matches("VERSION +DESCRIPTION +STATE +APPLIED AT \\(UTC\\) +TIME +CHECKSUM +UNDO");
        assertThat(lines.get(1)).matches("3 +create projects +pending +yes");
        assertThat(lines.get(2)).matches("2 \\(current\\) +create users +applied +\\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\d +\\d+ ms +ok +yes");
        assertThat(lines.get(3)).contains("create organizations", "applied", "CHANGED", "yes");
        assertThat(lines.get(4)).isEqualTo("current 2, head 3: 2 applied, 1 pending");
        int column = lines.get(0).indexOf("STATE");
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l.indexOf("pending") == column
                || l.indexOf("applied") == column).as(l).isTrue());
        assertThat(json.out()).startsWith("{\"command\":\"history\",\"ok\":true,\"exitCode\":0,\"current\":\"2\","
                + "\"head\":\"3\",\"migrations\":[{\"version\":\"1\",\"description\":\"create organizations\","
                + "\"script\":\"V1__create_organizations.sql\",\"state\":\"APPLIED\"");
        assertThat(json.out()).contains("\"checksum\":\"CHANGED\"", "\"state\":\"PENDING\"",
                "\"undoScript\":\"U3__create_projects.sql\",\"undoAvailable\":true");
    }

    // ---------------------------------------------------------------- check

    @Test
    void shouldPassCheckAtHeadAndFailItWhenBehind() throws Exception {
        migrate("latest");
        CommandRun ok = db("check");
        db("downgrade", "-1");
        CommandRun behind = db("check", "--no-drift");
        CommandRun behindJson = db("check", "--no-drift", "--json");

        assertThat(ok.exitCode()).as(ok.both()).isEqualTo(DbCommand.OK);
        assertThat(ok.out()).contains("pending    none", "checksums  ok",
                "drift      none: the schema is what the migrations produce at version 3",
                "OK: up to date at version 3, no drift.");
        assertThat(behind.exitCode()).as(behind.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(behind.out()).contains("version    2 (head 3)", "pending    1: V3__create_projects.sql")
                .doesNotContain("FAILED");
        assertThat(behind.err()).contains("FAILED: Target database is not up to date: it is at version 2, head is 3 "
                + "(1 pending). Run `db upgrade head`.");
        assertThat(behindJson.exitCode()).isEqualTo(DbCommand.PROBLEM);
        assertThat(behindJson.out()).startsWith("{\"command\":\"check\",\"ok\":false,\"exitCode\":1,"
                + "\"current\":\"2\",\"head\":\"3\",\"pending\":[\"V3__create_projects.sql\"]");
    }

    @Test
    void shouldFailCheckOnAnUndoScriptThatDoesNotReverseItsMigrationOrIsMissing(@TempDir Path tmp) throws Exception {
        // Given a fourth migration whose undo script forgets the column it added to an existing table
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        MigrationFixtures.write(db.resolve("migration/V4__create_tags.sql"),
                "CREATE TABLE tags (id TEXT NOT NULL, name TEXT NOT NULL, CONSTRAINT pk_tags PRIMARY KEY (id));\n"
                        + "CREATE INDEX ix_tags_name ON tags (name);\n"
                        + "ALTER TABLE projects ADD COLUMN tag_id TEXT;\n");
        Path undo = db.resolve("undo/U4__create_tags.sql");
        MigrationFixtures.write(undo, "DROP TABLE tags;\n");
        String[] at = MigrationFixtures.locations(db);
        migrate("latest", db);

        // When the database is checked with the undo script as it is, without it, and corrected
        CommandRun partial = db(concat(new String[] {"check"}, at));
        CommandRun partialJson = db(concat(new String[] {"check", "--json"}, at));
        java.nio.file.Files.delete(undo);
        CommandRun missing = db(concat(new String[] {"check"}, at));
        MigrationFixtures.write(undo, "ALTER TABLE projects DROP COLUMN tag_id;\nDROP TABLE tags;\n");
        CommandRun fixed = db(concat(new String[] {"check"}, at));

        // Then check fails on the incomplete and on the missing undo script, and passes on the corrected one
        assertThat(partial.exitCode()).as(partial.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(partial.out()).contains("U4__create_tags.sql does not restore the schema before "
                + "V4__create_tags.sql: ", "tag_id");
        assertThat(partial.err()).contains("FAILED: Undo scripts do not reverse their migrations");
        assertThat(partialJson.out()).contains("\"undoFailures\":[\"U4__create_tags.sql does not restore");
        assertThat(missing.exitCode()).as(missing.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(missing.out()).contains("undo       MISSING: U4__create_tags.sql");
        assertThat(missing.err()).contains(
                "FAILED: No undo script U4__create_tags.sql: `db downgrade` cannot pass these versions.");
        assertThat(fixed.exitCode()).as(fixed.both()).isEqualTo(DbCommand.OK);
        assertThat(fixed.out()).contains("undo       ok: every undo script restores the schema before its migration",
                "OK: up to date at version 4, no drift.");
        assertThat(history()).containsExactly("1", "2", "3", "4");
    }

    @Test
    void shouldReportEverySchemaDifferenceMadeByHand() throws Exception {
        // Given a database at head that someone changed by hand
        migrate("latest");
        sql("ALTER TABLE users ADD COLUMN nickname TEXT",
                "DROP INDEX ix_users_organization_id",
                "CREATE TABLE notes (id TEXT NOT NULL, body TEXT, CONSTRAINT pk_notes PRIMARY KEY (id))",
                "CREATE INDEX ix_projects_name ON projects (name)");

        // When it is checked
        CommandRun check = db("check");
        CommandRun json = db("check", "--json");

        // Then each difference is one line, and CI sees exit code 1
        System.out.println("check with drift on " + engine() + ":\n" + check.out());
        assertThat(check.exitCode()).as(check.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(check.out()).contains("drift      4 difference(s) from the migrations at version 3:",
                "             table notes: only on database, missing on migrations",
                "             table projects: index ix_projects_name: only on database, missing on migrations",
                "             table users: column nickname: only on database, missing on migrations",
                "             table users: index ix_users_organization_id: only on migrations, missing on database");
        assertThat(check.err()).contains("FAILED: Schema drift: 4 difference(s)", "db revision --autogenerate");
        assertThat(json.out()).contains("\"driftChecked\":true,\"drift\":[\"table notes: only on database, missing "
                + "on migrations\"");
        assertNoReferenceSchemaLeft();
    }

    /** After a check: the reference schema it built is gone. */
    protected void assertNoReferenceSchemaLeft() throws Exception {
    }

    @Test
    void shouldReportAChangedChecksumAndClearItWithRepair() throws Exception {
        migrate("2");
        sql("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '2'");

        CommandRun check = db("check", "--no-drift");
        CommandRun upgrade = db("upgrade");
        CommandRun repair = db("repair");
        CommandRun nothing = db("repair");
        CommandRun after = db("upgrade");

        assertThat(check.exitCode()).isEqualTo(DbCommand.PROBLEM);
        assertThat(check.out()).contains("checksums  CHANGED: V2__create_users.sql", "drift      not checked");
        assertThat(check.err()).contains("FAILED: Applied migration(s) V2__create_users.sql changed since they ran",
                "`db repair`");
        assertThat(upgrade.exitCode()).isEqualTo(DbCommand.PROBLEM);
        assertThat(upgrade.err()).contains("V2__create_users.sql (file changed) no longer match the history",
                "db repair");
        assertThat(repair.exitCode()).as(repair.both()).isZero();
        assertThat(repair.out()).contains("Repaired the history: aligned the checksum of 2 create users.");
        assertThat(nothing.out()).contains("Nothing to repair");
        assertThat(after.exitCode()).as(after.both()).isZero();
        assertThat(history()).containsExactly("1", "2", "3");
    }

    // ---------------------------------------------------------------- stamp

    @Test
    void shouldStampWithoutRunningAnything() throws Exception {
        CommandRun forward = db("stamp", "2");

        assertThat(forward.exitCode()).as(forward.both()).isZero();
        assertThat(forward.out()).contains("Stamped version 2 (was base): recorded V1__create_organizations.sql, "
                + "V2__create_users.sql as applied without running them.");
        assertThat(history()).containsExactly("1", "2");
        assertThat(schema().tables()).isEmpty();
        CommandRun drift = db("check");
        assertThat(drift.exitCode()).isEqualTo(DbCommand.PROBLEM);
        assertThat(drift.out()).contains("table users: only on migrations, missing on database");

        CommandRun back = db("stamp", "base");
        assertThat(back.out()).contains("Stamped version base (was 2): removed V2__create_users.sql, "
                + "V1__create_organizations.sql from the history without running their undo scripts.");
        assertThat(history()).isEmpty();

        migrate("latest");
        CommandRun same = db("stamp", "head");
        CommandRun unknown = db("stamp", "9");
        assertThat(same.out()).contains("Already at version 3: nothing to stamp.");
        assertThat(unknown.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(unknown.err()).contains("Can't locate revision 9");
        assertThat(db("check", "--no-drift").exitCode()).isZero();
    }

    // ---------------------------------------------------------------- machine output

    @Test
    void shouldPrintOneJsonObjectForScriptsIncludingFailures() throws Exception {
        CommandRun up = db("upgrade", "+2", "--json");
        CommandRun bad = db("downgrade", "-0", "--json");
        CommandRun unknown = db("downgrade", "9", "--json");

        assertThat(up.exitCode()).isZero();
        assertThat(up.out()).matches("\\{\"command\":\"upgrade\",\"ok\":true,\"exitCode\":0,\"from\":null,"
                + "\"to\":\"2\",\"head\":\"3\",\"steps\":\\[\\{\"version\":\"1\","
                + "\"description\":\"create organizations\","
                + "\"script\":\"V1__create_organizations.sql\",\"ms\":\\d+},\\{\"version\":\"2\",.*}],\"ms\":\\d+,"
                + "\"set\":\"windsurf\"}\n");
        assertThat(up.out().lines()).hasSize(1);
        assertThat(bad.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(bad.out()).startsWith("{\"command\":\"downgrade\",\"ok\":false,\"exitCode\":2,\"error\":"
                + "{\"reason\":\"USAGE\",\"message\":\"Invalid downgrade target '-0'");
        assertThat(unknown.out()).contains("\"reason\":\"UNKNOWN_REVISION\"");
        assertThat(bad.err()).isEmpty();
    }

    // ---------------------------------------------------------------- revision --autogenerate

    @Test
    void shouldGenerateAMigrationThatReproducesHandChangesAndAnUndoThatReversesThem(@TempDir Path tmp)
            throws Exception {
        // Given a developer's database at head, changed by hand
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        String[] at = MigrationFixtures.locations(db);
        migrate("latest", db);
        sql(handChanges());
        SchemaSnapshot changed = schema();

        // When a revision is generated from it
        CommandRun revision = db("revision", "--autogenerate", "-m", "Add tags", "--dir",
                db.resolve("migration").toString());

        // Then two files are written, marked as generated, with the changes
        System.out.println("revision --autogenerate on " + engine() + ":\n" + revision.out());
        assertThat(revision.exitCode()).as(revision.both()).isZero();
        Path forward = db.resolve("migration/V4__add_tags.sql");
        Path undo = db.resolve("undo/U4__add_tags.sql");
        assertThat(revision.out()).contains("Detected table tags: only on database, missing on migrations",
                "Generating " + forward.toAbsolutePath() + " ... done", "Generating " + undo.toAbsolutePath()
                        + " ... done", "Review both files before committing");
        String forwardSql = Files.readString(forward);
        String undoSql = Files.readString(undo);
        System.out.println("--- " + forward.getFileName() + "\n" + forwardSql + "--- " + undo.getFileName() + "\n"
                + undoSql);
        assertThat(forwardSql).contains("-- Add tags", "-- GENERATED by `db revision --autogenerate`",
                "REVIEW IT BEFORE COMMITTING", "ALTER TABLE users ADD COLUMN nickname", "CREATE TABLE tags (",
                "CREATE INDEX ix_projects_name ON projects");
        assertThat(undoSql).contains("-- Undoes V4__add_tags.sql", "DROP TABLE tags;",
                "ALTER TABLE users DROP COLUMN nickname;", "DROP INDEX ix_projects_name;");

        // And applying them to a fresh database gives the changed schema, and undoing gives version 3 back
        String fresh = engine.newUrl();
        assertThat(dbOn(fresh, concat(new String[] {"upgrade"}, at)).exitCode()).isZero();
        assertThat(SchemaDiff.compare(schemaOf(fresh), "migrated", changed, "changed by hand",
                SchemaDiff.Mode.SAME_ENGINE)).isEmpty();
        CommandRun down = dbOn(fresh, concat(new String[] {"downgrade", "-1"}, at));
        assertThat(down.exitCode()).as(down.both()).isZero();
        CommandRun check = dbOn(fresh, concat(new String[] {"check"}, at));
        assertThat(check.out()).contains("drift      none");
    }

    @Test
    void shouldRunTheReadmeWalkthroughStartToEnd(@TempDir Path tmp) throws Exception {
        // The README's transcript, step by step, on a copy of the project's migrations (the source tree stays as it is)
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        String[] at = MigrationFixtures.locations(db);
        CommandRun upgrade = db(concat(new String[] {"upgrade", "head"}, at));
        assertThat(upgrade.exitCode()).as(upgrade.both()).isZero();
        assertThat(upgrade.out()).contains("applying 1/3  V1__create_organizations.sql", "Now at version 3 (head)");
        CommandRun down = db(concat(new String[] {"downgrade", "-1"}, at));
        assertThat(down.out()).as(down.both()).contains("undoing 1/1  U3__create_projects.sql", "Now at version 2");
        CommandRun history = db(concat(new String[] {"history"}, at));
        assertThat(history.out()).as(history.both()).contains("2 (current)", "current 2, head 3: 2 applied, 1 pending");
        assertThat(db(concat(new String[] {"upgrade"}, at)).exitCode()).isZero();
        sql("ALTER TABLE users ADD COLUMN nickname TEXT");
        CommandRun check = db(concat(new String[] {"check"}, at));
        assertThat(check.exitCode()).as(check.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(check.out()).contains("table users: column nickname: only on database, missing on migrations");
        assertThat(check.err()).startsWith("FAILED: Schema drift: 1 difference(s)");
        CommandRun revision = db("revision", "--autogenerate", "-m", "add user nickname", "--dir",
                db.resolve("migration").toString());
        assertThat(revision.exitCode()).as(revision.both()).isZero();
        assertThat(revision.out()).contains("Detected table users: column nickname: only on database",
                "V4__add_user_nickname.sql ... done", "U4__add_user_nickname.sql ... done");
        CommandRun unknown = db(concat(new String[] {"downgrade", "9"}, at));
        assertThat(unknown.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(unknown.err()).startsWith("FAILED: Can't locate revision 9. Known versions: 1, 2, 3, 4.");

        // The generated revision is a working migration: a fresh database reaches version 4 with the column, and
        // back; the developer's database is stamped at 4 and then matches the migrations
        String fresh = engine.newUrl();
        CommandRun freshUp = dbOn(fresh, concat(new String[] {"upgrade", "head"}, at));
        assertThat(freshUp.out()).as(freshUp.both()).contains("Now at version 4 (head)");
        assertThat(dbOn(fresh, concat(new String[] {"downgrade", "-1"}, at)).exitCode()).isZero();
        assertThat(dbOn(fresh, concat(new String[] {"upgrade", "head"}, at)).exitCode()).isZero();
        assertThat(db(concat(new String[] {"stamp", "4"}, at)).exitCode()).isZero();
        CommandRun after = db(concat(new String[] {"check"}, at));
        assertThat(after.exitCode()).as(after.both()).isZero();
    }

    /** Names that end a comment line early or close a quote, each carrying a statement that must never run. */
    static final List<String> HOSTILE_NAMES = List.of("t\nDROP TABLE users;--", "t\rDELETE FROM organizations;--",
            "t\u2028DROP TABLE users;--", "t\u2029DELETE FROM organizations;--", "t\u0085DROP TABLE users;--",
            "t\u000bDROP TABLE users;--", "t\u000cDELETE FROM organizations;--", "t*/DROP TABLE users;/*",
            "t'; DROP TABLE users;--", "t\"; DROP TABLE users;--", "t`; DROP TABLE users;--");

    static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    @Test
    void shouldWriteHostileNamesOnlyAsQuotedIdentifiersAndInertComments(@TempDir Path tmp) throws Exception {
        // Given a database at head where someone created tables, columns and indexes with hostile names
        Path dir = MigrationFixtures.copyProjectMigrations(tmp);
        String[] at = MigrationFixtures.locations(dir);
        migrate("latest", dir);
        List<String> ddl = new java.util.ArrayList<>();
        for (int i = 0; i < HOSTILE_NAMES.size(); i++) {
            String name = HOSTILE_NAMES.get(i) + i;
            ddl.add("CREATE TABLE " + quoted(name) + " (" + quoted("c\n" + name) + " TEXT NOT NULL, CONSTRAINT "
                    + quoted("pk\n" + name) + " PRIMARY KEY (" + quoted("c\n" + name) + "))");
            ddl.add("CREATE INDEX " + quoted("ix\n" + name) + " ON " + quoted(name) + " (" + quoted("c\n" + name)
                    + ")");
        }
        ddl.add("ALTER TABLE users ADD COLUMN " + quoted("nick\nDROP TABLE users;--") + " TEXT");
        sql(ddl.toArray(String[]::new));
        SchemaSnapshot changed = schema();

        // When a revision is generated from it, with a hostile message too
        CommandRun revision = db("revision", "--autogenerate", "-m",
                "hostile ${evil} names\u2028DROP TABLE users;\u0085DELETE FROM organizations;", "--dir",
                dir.resolve("migration").toString());

        // Then every hostile text sits in a quoted identifier or in one comment line
        assertThat(revision.exitCode()).as(revision.both()).isZero();
        Path forward;
        try (Stream<Path> files = Files.list(dir.resolve("migration"))) {
            forward = files.filter(f -> f.getFileName().toString().startsWith("V4__")).findFirst().orElseThrow();
        }
        String undoName = "U" + forward.getFileName().toString().substring(1);
        int expected = 2 * HOSTILE_NAMES.size() + 1;
        for (Path file : List.of(forward, dir.resolve("undo").resolve(undoName))) {
            String text = Files.readString(file);
            assertThat(text).doesNotContain("${");
            List<String> statements = SqlScript.split(text).stream()
                    .map(st -> SqlScript.withoutComments(st.sql()).strip()).filter(st -> !st.isEmpty()).toList();
            assertThat(statements).as("statements of %s", file.getFileName()).hasSize(expected)
                    .allMatch(st -> st.matches("(?s)(CREATE TABLE|CREATE INDEX|DROP TABLE|DROP INDEX) \".*")
                            || st.startsWith("ALTER TABLE users ADD COLUMN \"nick")
                            || st.startsWith("ALTER TABLE users DROP COLUMN \"nick"));
            for (String line : text.split("\n")) {
                if (line.startsWith("--")) {
                    assertThat(line).as("a comment line of %s", file.getFileName())
                            .doesNotContain("\r", "\u2028", "\u2029", "\u0085", "\u000b", "\u000c");
                }
            }
        }

        // And applying it to a fresh database with data runs nothing but the intended change, and undoing it too
        String fresh = engine.newUrl();
        assertThat(dbOn(fresh, concat(new String[] {"upgrade", "3"}, at)).exitCode()).isZero();
        sqlOn(fresh, "INSERT INTO organizations (id, name, created_at, updated_at) VALUES "
                + "('01a20d29-9780-736d-8ad0-3ab5cd2a7da4', 'canary', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        CommandRun up = dbOn(fresh, concat(new String[] {"upgrade"}, at));
        assertThat(up.exitCode()).as(up.both()).isZero();
        assertThat(SchemaDiff.compare(schemaOf(fresh), "migrated", changed, "changed by hand",
                SchemaDiff.Mode.SAME_ENGINE)).isEmpty();
        CommandRun down = dbOn(fresh, concat(new String[] {"downgrade", "-1"}, at));
        assertThat(down.exitCode()).as(down.both()).isZero();
        assertThat(dbOn(fresh, concat(new String[] {"check"}, at)).out()).contains("drift      none");
        assertThat(countOn(fresh, "SELECT count(*) FROM organizations")).isEqualTo(1);
    }

    @Test
    void shouldRefuseToWriteANameThatFlywayWouldReadAsAPlaceholder(@TempDir Path tmp) throws Exception {
        Path dir = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("latest", dir);
        sql("CREATE TABLE " + quoted("t${evil}") + " (id TEXT NOT NULL, CONSTRAINT pk_evil PRIMARY KEY (id))");

        CommandRun revision = db("revision", "--autogenerate", "-m", "evil", "--dir",
                dir.resolve("migration").toString());

        assertThat(revision.exitCode()).as(revision.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(revision.err()).contains("placeholder", "nothing was written");
        try (Stream<Path> files = Files.list(dir.resolve("migration"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("V4__"));
        }
    }

    private long countOn(String database, String query) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database, engine.user(), engine.password());
             java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Changes made by hand to a database at head; every engine can make them without rebuilding a table. */
    protected String[] handChanges() {
        return new String[] {
            "ALTER TABLE users ADD COLUMN nickname TEXT",
            "CREATE TABLE tags (id TEXT NOT NULL, project_id TEXT NOT NULL, label TEXT NOT NULL, "
                    + "CONSTRAINT pk_tags PRIMARY KEY (id), "
                    + "CONSTRAINT uq_tags_project_label UNIQUE (project_id, label), "
                    + "CONSTRAINT fk_tags_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE, "
                    + "CONSTRAINT ck_tags_label_length CHECK (length(label) BETWEEN 1 AND 40))",
            "CREATE INDEX ix_projects_name ON projects (name)"};
    }

    @Test
    void shouldRefuseToGenerateFromADatabaseThatIsNotUpToDate(@TempDir Path tmp) throws Exception {
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("2", db);

        CommandRun revision = db("revision", "--autogenerate", "-m", "add tags", "--dir",
                db.resolve("migration").toString());

        assertThat(revision.exitCode()).as(revision.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(revision.err()).contains("Target database is not up to date", "is at version 2",
                "reach 3", "db upgrade head");
        try (Stream<Path> files = Files.list(db.resolve("migration"))) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("V4__add_tags.sql");
        }
    }

    @Test
    void shouldPointAtTheMigrationsDirectoryWhenTheDatabaseIsAheadOfTheFilesGiven(@TempDir Path tmp)
            throws Exception {
        // Given a database at head, and --dir naming an empty directory (a typo, or the wrong project)
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("latest", db);
        Path empty = Files.createDirectories(tmp.resolve("elsewhere/migration"));
        Files.createDirectories(tmp.resolve("elsewhere/undo"));

        // When autogenerate runs against it
        CommandRun revision = db("revision", "--autogenerate", "-m", "add tags", "--dir", empty.toString());

        // Then the fix it names is the directory, not an upgrade the database does not need; nothing is written
        assertThat(revision.exitCode()).as(revision.both()).isEqualTo(DbCommand.PROBLEM);
        assertThat(revision.err()).contains("is at version 3", "reach base", "ahead of these files", "--dir")
                .doesNotContain("db upgrade head");
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void shouldWriteNothingWhenTheDatabaseMatchesTheMigrations(@TempDir Path tmp) throws Exception {
        Path db = MigrationFixtures.copyProjectMigrations(tmp);
        migrate("latest", db);

        CommandRun revision = db("revision", "--autogenerate", "-m", "nothing", "--dir",
                db.resolve("migration").toString());

        assertThat(revision.exitCode()).as(revision.both()).isZero();
        assertThat(revision.out()).contains("No changes detected against the migrations at version 3: nothing "
                + "written.");
        assertThat(db.resolve("migration/V4__nothing.sql")).doesNotExist();
    }
}
