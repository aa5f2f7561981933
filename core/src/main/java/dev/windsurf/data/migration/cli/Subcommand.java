package dev.windsurf.data.migration.cli;

import dev.windsurf.data.DataException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationException;
import dev.windsurf.data.migration.MigrationRun;
import dev.windsurf.data.migration.Migrations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code db} subcommand shares: the parent's options, text or JSON output, and the translation of
 * failures into messages and exit codes. Not thread-safe.
 */
abstract class Subcommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    DbCommand db;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Runs the command and returns its exit code. */
    abstract int run();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CommandFailure e) {
            return fail(e.exitCode(), e.reason(), e.getMessage(), e.hint(), null, e);
        } catch (MigrationException e) {
            return fail(exitCode(e.reason()), e.reason().name(), e.getMessage(), null, e.sqlState(), e);
        } catch (IllegalArgumentException e) {
            return fail(DbCommand.USAGE, "USAGE", e.getMessage(), null, null, e);
        } catch (UnavailableException e) {
            return fail(DbCommand.USAGE, "CONNECTION", e.getMessage(), "Check that the database is running and "
                    + "reachable, and the URL (--url or DATABASE_URL).", e.sqlState(), e);
        } catch (DataException e) {
            return fail(DbCommand.PROBLEM, "DATABASE", e.getMessage(), null, e.sqlState(), e);
        } catch (RuntimeException e) {
            return fail(DbCommand.PROBLEM, "ERROR", e.toString(), "Run again with --verbose for the stack trace.",
                    null, e);
        }
    }

    static int exitCode(MigrationException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_REVISION, INVALID_TARGET, MISSING_DIRECTORY, FILE_EXISTS -> DbCommand.USAGE;
            default -> DbCommand.PROBLEM;
        };
    }

    /**
     * Reports a failure: one {@code FAILED:} line (a message over several lines is joined into one) and a
     * {@code hint:} line on standard error, the stack trace only with {@code --verbose}; with {@code --json}, one
     * JSON object on standard output, as every result.
     */
    private int fail(int exitCode, String reason, String message, String hint, String sqlState, Throwable cause) {
        String line = String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " ");
        if (db.json()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("reason", reason);
            error.put("message", line);
            error.put("sqlState", sqlState);
            if (hint != null) {
                error.put("hint", hint);
            }
            Map<String, Object> body = result(false, exitCode);
            body.put("error", error);
            print(body);
        } else {
            db.err().println("FAILED: " + line);
            if (hint != null) {
                db.err().println("hint: " + hint);
            }
        }
        if (db.verbose() && cause != null) {
            cause.printStackTrace(db.err());
        }
        db.err().flush();
        return exitCode;
    }

    /** The start of every JSON result. */
    Map<String, Object> result(boolean ok, int exitCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", spec.name());
        body.put("ok", ok);
        body.put("exitCode", exitCode);
        return body;
    }

    void print(Map<String, Object> json) {
        out().println(Json.write(json));
        out().flush();
    }

    PrintWriter out() {
        return db.out();
    }

    boolean json() {
        return db.json();
    }

    /** "notes: " before a line about one of several sets, else nothing. */
    static String prefix(Migrations migrations, int sets) {
        return sets > 1 && migrations.set() != null ? migrations.set().name() + ": " : "";
    }

    /** Adds the set's name to a JSON result about one set. */
    static Map<String, Object> named(Migrations migrations, Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("set", migrations.set() == null ? null : migrations.set().name());
        return out;
    }

    /**
     * The JSON result of a command over one or several sets: one set's fields at the top level (with its name), or
     * for several sets a {@code sets} array of them in dependency order.
     */
    Map<String, Object> combined(boolean ok, int exitCode, List<Map<String, Object>> perSet) {
        Map<String, Object> body = result(ok, exitCode);
        if (perSet.size() == 1) {
            body.putAll(perSet.getFirst());
        } else {
            body.put("sets", perSet);
        }
        return body;
    }

    static String label(String version) {
        return version == null ? "base" : version;
    }

    static String millis(Duration d) {
        return d == null ? "" : d.toMillis() + " ms";
    }

    static String when(java.time.Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    static Map<String, Object> view(Migration m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", m.version());
        out.put("description", m.description());
        out.put("script", m.script());
        out.put("state", m.state().name());
        out.put("installedOn", m.installedOn() == null ? null : m.installedOn().toString());
        out.put("installedBy", m.installedBy());
        out.put("executionTimeMs", m.executionTime() == null ? null : m.executionTime().toMillis());
        out.put("checksum", m.checksum().name());
        out.put("undoScript", m.undoScript());
        out.put("undoAvailable", m.undoAvailable());
        return out;
    }

    static List<Map<String, Object>> views(List<Migration> migrations) {
        return migrations.stream().map(Subcommand::view).toList();
    }

    static Map<String, Object> view(MigrationRun run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", run.fromVersion());
        out.put("to", run.toVersion());
        out.put("head", run.headVersion());
        out.put("steps", run.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("version", s.version());
            step.put("description", s.description());
            step.put("script", s.script());
            step.put("ms", s.duration().toMillis());
            return step;
        }).toList());
        out.put("ms", run.duration().toMillis());
        return out;
    }
}
