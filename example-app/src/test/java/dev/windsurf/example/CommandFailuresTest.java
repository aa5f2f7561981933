package dev.windsurf.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testkit.TestDatabases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command of the app, as its users run it: results on standard output; an expected failure as one
 * {@code FAILED:} line and one {@code hint:} line on standard error with a usage or failure exit code, and a stack
 * trace only with {@code --verbose}; no log lines below WARN in the commands; nothing created by commands that only
 * read.
 */
class CommandFailuresTest {

    private static final String UNREACHABLE = "postgresql://postgres@127.0.0.1:1/windsurf";

    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
        /** The lines of standard error that are the failure's report. */
        List<String> report() {
            return err.lines().filter(l -> l.startsWith("FAILED: ") || l.startsWith("hint: ")).toList();
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /**
     * The app in a JVM of its own, as the launcher runs it: the jar's manifest grants native access, and the app's
     * logging configuration is the one in the jar (not the tests').
     */
    private Run process(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
        builder.environment().remove("DATABASE_URL");
        builder.environment().putAll(env);
        Path out = tmp.resolve("out-" + UUID.randomUUID());
        Path err = tmp.resolve("err-" + UUID.randomUUID());
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertOneLineAndAHint(Run run, int status, String failure) {
        assertThat(run.status()).as(run.toString()).isEqualTo(status);
        assertThat(run.out()).as(run.toString()).isEmpty();
        assertThat(run.report()).as(run.toString()).hasSize(2);
        assertThat(run.report().getFirst()).as(run.toString()).startsWith("FAILED: " + failure);
        assertThat(run.err()).as(run.toString()).doesNotContain("\tat ", "Caused by");
    }

    @Test
    void shouldListEveryCommandWhenNoneIsGiven() {
        Run none = run();

        assertOneLineAndAHint(none, 2, "Missing command: use serve, demo, status, db");
    }

    @Test
    void shouldReportAnUnreachableDatabaseInOneLineInStatusAndServe() {
        assertOneLineAndAHint(run("status", "--url", UNREACHABLE), 2, "");
        assertThat(run("status", "--url", UNREACHABLE).report().getFirst()).contains("127.0.0.1:1");
        assertOneLineAndAHint(run("serve", "--port", "0", "--url", UNREACHABLE), 2, "");
        assertOneLineAndAHint(run("db", "current", "--url", UNREACHABLE), 2, "Cannot open the database");
    }

    @Test
    void shouldReportABadUrlInOneLineAndTheStackTraceOnlyWhenVerbose() {
        for (String command : new String[] {"status", "serve", "db current"}) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.addAll(List.of("--url", "mysql://localhost/app"));
            Run bad = run(args.toArray(String[]::new));
            assertOneLineAndAHint(bad, 2, "");
            assertThat(bad.report().getFirst()).as(bad.toString()).contains("mysql");

            args.add("--verbose");
            Run verbose = run(args.toArray(String[]::new));
            assertThat(verbose.status()).isEqualTo(2);
            assertThat(verbose.err()).as(verbose.toString()).startsWith("FAILED: ").contains("\tat ");
        }
    }

    @Test
    void shouldReportASchemaBehindInOneLineOnPostgres() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgresUnavailableReason().isEmpty(), "PostgreSQL is not reachable");
        String name = "cli_behind_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try {
            // An empty database: PostgreSQL's policy is VALIDATE, so the schema is behind the code
            String url = "postgresql://postgres@127.0.0.1:5432/" + name;
            Run status = run("status", "--url", url);
            assertOneLineAndAHint(status, 1, "");
            assertThat(status.report().get(1)).contains("db upgrade head");
            assertOneLineAndAHint(run("serve", "--port", "0", "--url", url), 1, "");
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                    ""); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    @Test
    void shouldNeverCreateADatabaseInCommandsThatOnlyRead() {
        Path file = tmp.resolve("missing.db");
        for (String[] args : new String[][] {{"status"}, {"db", "current"}, {"db", "history"}, {"db", "check"}}) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--url", "sqlite:///" + file));
            Run run = run(all.toArray(String[]::new));
            assertOneLineAndAHint(run, 2, "");
            assertThat(run.report().getFirst()).contains("There is no database at");
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void shouldRefuseABadOptionInOneLineWithAHint() {
        Run grace = run("serve", "--grace", "soon");

        assertOneLineAndAHint(grace, 2, "Invalid value for option '--grace'");
        assertThat(grace.report().get(1)).isEqualTo("hint: See `windsurf serve --help`.");
        Run typo = run("stauts");
        assertOneLineAndAHint(typo, 2, "Unmatched argument");
        assertThat(typo.report().get(1)).contains("Did you mean", "status");
    }

    @Test
    void shouldReadDurationsWithUnitsAndInIso8601() {
        assertThat(DurationConverter.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationConverter.parse("pt0.25s")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("0s")).isZero();
        for (String bad : new String[] {"10", "ten seconds", "-5s", "PT-1S", "5d", ""}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--grace", "10s");
        assertThat(serve.grace).isEqualTo(Duration.ofSeconds(10));
        new CommandLine(serve).parseArgs("--grace", "PT2M");
        assertThat(serve.grace).isEqualTo(Duration.ofMinutes(2));
        new CommandLine(serve).parseArgs();
        assertThat(serve.grace).as("default").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldKeepCommandsQuietAndStreamsApartInAProcessOfTheirOwn() throws Exception {
        String url = "sqlite:///" + tmp.resolve("app.db");

        Run upgrade = process(Map.of(), "db", "upgrade", "head", "--url", url);
        Run current = process(Map.of("DATABASE_URL", url), "db", "current");
        Run status = process(Map.of("DATABASE_URL", url), "status");
        Run failed = process(Map.of("DATABASE_URL", UNREACHABLE), "status");
        Run verbose = process(Map.of("DATABASE_URL", UNREACHABLE), "status", "--verbose");

        assertThat(upgrade.status()).as(upgrade.toString()).isZero();
        assertThat(upgrade.out()).contains("windsurf: Now at version", "example: Now at version");
        assertThat(upgrade.err()).as("no log lines, no SLF4J notice, no native-access warning").isEmpty();
        assertThat(current.status()).isZero();
        assertThat(current.out()).isEqualTo("windsurf: 3 (head)\nexample: 1 (head)\n");
        assertThat(current.err()).isEmpty();
        assertThat(status.status()).isZero();
        assertThat(status.out()).contains("schema version 3 (windsurf), 1 (example), up, READ_WRITE");
        assertThat(status.err()).isEmpty();
        assertThat(failed.status()).isEqualTo(2);
        assertThat(failed.out()).isEmpty();
        assertThat(failed.err().lines().toList()).as(failed.toString()).hasSize(2);
        assertThat(failed.err()).startsWith("FAILED: ").contains("\nhint: ");
        assertThat(verbose.out()).isEmpty();
        assertThat(verbose.err()).as(verbose.toString()).contains("INFO", "\tat ");
    }
}
