package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.Revision;
import dev.windsurf.data.migration.Revisions;
import dev.windsurf.data.testsupport.TestSqlite;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code db revision}, help, mounting and start-up failures: what needs no particular engine. */
class RevisionCommandTest {

    @TempDir
    Path tmp;

    private CommandRun db(String... args) {
        return CommandRun.run(DatabaseConfig::builder, args);
    }

    private Path migrations(String... files) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("db/migration"));
        Path undo = Files.createDirectories(tmp.resolve("db/undo"));
        for (String f : files) {
            Files.writeString((f.startsWith("U") ? undo : dir).resolve(f), "-- " + f + "\n");
        }
        return dir;
    }

    @Test
    void shouldNumberTheNextRevisionAfterTheHighestVersionOfEitherDirectory() throws Exception {
        Path dir = migrations("V1__a.sql", "V2__b.sql", "V10__c.sql", "U1__a.sql", "U2__b.sql", "U10__c.sql",
                "U12__orphan.sql");

        CommandRun run = db("revision", "-m", "Add tags!", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.both()).isZero();
        Path forward = dir.resolve("V13__add_tags.sql");
        Path undo = tmp.resolve("db/undo/U13__add_tags.sql");
        assertThat(run.out()).isEqualTo("Generating " + forward + " ... done\nGenerating " + undo + " ... done\n");
        assertThat(Files.readString(forward)).startsWith("-- Add tags!\n-- Version 13, created ")
                .contains("Undone by db/undo/U13__add_tags.sql").endsWith("stay stable.\n");
        assertThat(Files.readString(undo)).startsWith("-- Undoes V13__add_tags.sql: Add tags!\n")
                .contains("removal of version 13 from the history");
    }

    @Test
    void shouldNumberFromOneInAnEmptyDirectoryAndNeverReuseANumber() throws Exception {
        Path dir = migrations();

        CommandRun first = db("revision", "-m", "create tags", "--dir", dir.toString());
        CommandRun second = db("revision", "-m", "create tags", "--dir", dir.toString(), "--json");

        assertThat(first.exitCode()).isZero();
        assertThat(dir.resolve("V1__create_tags.sql")).exists();
        assertThat(second.out()).startsWith("{\"command\":\"revision\",\"ok\":true,\"exitCode\":0,\"version\":\"2\","
                + "\"script\":\"" + dir.resolve("V2__create_tags.sql") + "\"");
        assertThat(tmp.resolve("db/undo/U2__create_tags.sql")).exists();
    }

    @Test
    void shouldNeverOverwriteAndWriteNeitherFileWhenTheNameIsTaken() throws Exception {
        // Given a path the next revision would be written to, taken by something that is not a migration file
        Path dir = migrations("V1__a.sql", "U1__a.sql");
        Files.createDirectory(dir.resolve("V2__add_tags.sql"));

        CommandRun run = db("revision", "-m", "add tags", "--dir", dir.toString());

        assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.USAGE);
        assertThat(run.err()).contains(dir.resolve("V2__add_tags.sql") + " exists already; nothing was written");
        assertThat(tmp.resolve("db/undo/U2__add_tags.sql")).doesNotExist();
        assertThat(Files.isDirectory(dir.resolve("V2__add_tags.sql"))).isTrue();
    }

    @Test
    void shouldExplainAMissingDirectoryAndHowToPointToTheRightOne() throws Exception {
        CommandRun defaultDirectory = db("revision", "-m", "add tags");
        CommandRun missingUndo = db("revision", "-m", "add tags", "--dir",
                Files.createDirectories(tmp.resolve("only/migration")).toString());

        assertThat(defaultDirectory.exitCode()).as(defaultDirectory.both()).isEqualTo(DbCommand.USAGE);
        assertThat(defaultDirectory.err()).contains("FAILED: Migrations directory ",
                "src-migrations/src/main/resources/db/migration does not exist",
                "Run `db revision` from the project root, or pass --dir (and --undo-dir).");
        assertThat(missingUndo.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(missingUndo.err()).contains("Undo directory " + tmp.resolve("only/undo") + " does not exist");
        assertThat(tmp.resolve("only/migration")).isEmptyDirectory();
    }

    @Test
    void shouldRejectAMessageWithoutLettersOrDigitsAndAutogenerateOptionsAlone() throws Exception {
        Path dir = migrations();

        CommandRun symbols = db("revision", "-m", "!!!", "--dir", dir.toString());
        CommandRun noMessage = db("revision", "--dir", dir.toString());
        CommandRun fromAlone = db("revision", "-m", "x", "--from", "sqlite::memory:", "--dir", dir.toString());

        assertThat(symbols.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(symbols.err()).contains("A revision message must contain a letter or digit, was '!!!'");
        assertThat(noMessage.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(noMessage.err()).contains("Missing required option: '--message=MESSAGE'");
        assertThat(fromAlone.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(fromAlone.err()).contains("--from needs --autogenerate.");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldUseTheProjectsTemplatesWhenPresent() throws Exception {
        Path dir = migrations();
        Files.writeString(tmp.resolve("db/revision.sql.template"), "-- {{version}}: {{message}} ({{description}}, "
                + "{{date}}, {{script}}, {{undo_script}})\n{{body}}");
        Revisions revisions = Revisions.builder(dir)
                .clock(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC)).build();

        Revision revision = revisions.create("Add tags");

        assertThat(Files.readString(revision.script())).isEqualTo("-- 1: Add tags (add_tags, 2026-11-24, "
                + "V1__add_tags.sql, U1__add_tags.sql)\n");
        assertThat(Files.readString(revision.undoScript())).startsWith("-- Undoes V1__add_tags.sql: Add tags\n");
        assertThat(revision.autogenerated()).isFalse();
    }

    @Test
    void shouldTurnMessagesIntoFileNameDescriptions() {
        assertThat(Revisions.description("Add tags!")).isEqualTo("add_tags");
        assertThat(Revisions.description("  Créer l'index  ")).isEqualTo("creer_l_index");
        assertThat(Revisions.description("x".repeat(30) + " " + "y".repeat(40))).isEqualTo("x".repeat(30));
        assertThat(Revisions.description("z".repeat(80))).hasSize(60);
        assertThatThrownBy(() -> Revisions.description("  -- "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("letter or digit");
        assertThatThrownBy(() -> Revisions.builder(tmp.resolve("missing")).build().create("x"))
                .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.reason())
                        .isEqualTo(MigrationException.Reason.MISSING_DIRECTORY));
    }

    @Test
    void shouldDocumentEveryCommandAndTheExitCodesInHelp() {
        CommandRun top = db("--help");
        CommandRun nothing = db();

        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("Usage: db [-hv] [--json]", "upgrade", "downgrade", "current", "history",
                "check", "stamp", "repair", "revision", "Exit codes:", "0   done; check: up to date and no drift",
                "2   usage error", "DATABASE_URL");
        assertThat(nothing.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(nothing.err()).contains("Usage: db");
        for (String command : new String[] {"upgrade", "downgrade", "current", "history", "check", "stamp", "repair",
                "revision"}) {
            CommandRun help = db(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: db " + command).contains("--url=URL", "--json");
        }
        assertThat(db("downgrade", "--help").out()).contains("-N for the last N migrations");
    }

    @Command(name = "app", description = "An application with its own commands.")
    static final class App {
    }

    @Test
    void shouldMountUnderAnotherApplicationAndReadTheDatabaseFromItsSettings() {
        // Given an application that mounts the command, with DATABASE_URL in its environment
        String url = "sqlite:///" + TestSqlite.newDatabaseFile("mounted").toAbsolutePath();
        CommandLine app = new CommandLine(new App())
                .addSubcommand(new DbCommand(() -> DatabaseConfig.builder().environment(Map.of("DATABASE_URL", url))));
        StringWriter out = new StringWriter();
        app.setOut(new PrintWriter(out, true));

        // When its users run `app db …`
        int upgrade = app.execute("db", "upgrade", "+1");
        int current = app.execute("db", "current");

        // Then the commands run against that database
        assertThat(upgrade).isZero();
        assertThat(current).isZero();
        assertThat(out.toString()).contains("applying 1/1  V1__create_organizations.sql", "1 (head is 3: 2 pending)");
    }

    @Test
    void shouldExitWithTheUsageCodeWhenTheDatabaseCannotBeOpened() {
        CommandRun unreachable = CommandRun.run(() -> DatabaseConfig.builder().startupAttempts(1), "current",
                "--url", "postgresql://nobody:secret@127.0.0.1:1/app");
        CommandRun malformed = db("current", "--url", "mysql://localhost/app");

        assertThat(unreachable.exitCode()).isEqualTo(DbCommand.USAGE);
        // (after the warning that --url carries a password)
        assertThat(unreachable.err()).startsWith("Warning: --url carries a password")
                .contains("\nFAILED: Cannot open the database postgresql://nobody:****@127.0.0.1:1/app: Connection "
                        + "to 127.0.0.1:1 refused")
                .contains("\nhint: Check that it is running and reachable").doesNotContain("secret");
        assertThat(unreachable.out()).isEmpty();
        assertThat(malformed.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(malformed.err()).startsWith("FAILED: Cannot open the database:").contains("\nhint: Pass a URL");
        // one line and a hint, no stack trace, unless asked for
        for (CommandRun run : new CommandRun[] {unreachable, malformed}) {
            assertThat(run.err().lines().filter(l -> l.startsWith("FAILED: ") || l.startsWith("hint: ")))
                    .as(run.both()).hasSize(2);
            assertThat(run.err()).as(run.both()).doesNotContain("\tat ", "Exception");
        }
        CommandRun verbose = db("current", "--verbose", "--url", "mysql://localhost/app");
        assertThat(verbose.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(verbose.err()).startsWith("FAILED: Cannot open the database:")
                .contains("IllegalArgumentException", "\tat dev.windsurf.data");
    }

    @Test
    void shouldPutResultsOnStandardOutputAndFailuresOnStandardError() {
        String url = "sqlite:///" + TestSqlite.newDatabaseFile("streams").toAbsolutePath();
        CommandRun upgrade = db("upgrade", "head", "--url", url);
        CommandRun current = db("current", "--url", url);
        CommandRun badTarget = db("downgrade", "9", "--url", url);
        CommandRun json = db("downgrade", "9", "--json", "--url", url);

        assertThat(upgrade.exitCode()).as(upgrade.both()).isZero();
        assertThat(upgrade.out()).contains("Now at version 3 (head)");
        assertThat(upgrade.err()).isEmpty();
        assertThat(current.out()).isEqualTo("3 (head)" + System.lineSeparator());
        assertThat(current.err()).isEmpty();
        assertThat(badTarget.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(badTarget.out()).isEmpty();
        assertThat(badTarget.err()).startsWith("FAILED: Can't locate revision 9");
        // --json: the one object is the result, on standard output, failures included
        assertThat(json.exitCode()).isEqualTo(DbCommand.USAGE);
        assertThat(json.err()).isEmpty();
        assertThat(json.out()).startsWith("{\"command\":\"downgrade\",\"ok\":false,\"exitCode\":2");
    }
}
