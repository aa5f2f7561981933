package dev.windsurf.example;

import dev.windsurf.data.DataException;
import dev.windsurf.data.SchemaOutOfDateException;
import dev.windsurf.data.UnavailableException;
import dev.windsurf.data.migration.MigrationException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command of the app reports an expected failure: one {@code FAILED:} line and one {@code hint:} line on
 * standard error, the stack trace only with {@code --verbose}. Exit codes: {@value #PROBLEM} the command failed
 * (schema behind, a migration problem, an unexpected error); {@value #USAGE} a usage error (bad option or value) or
 * the database cannot be reached or its URL is wrong, as for the {@code db} commands. Stateless.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** Exit code: the command failed. */
    static final int PROBLEM = 1;
    /** Exit code: usage error, or the database cannot be reached. */
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        return handle(e, command, verbose(parsed));
    }

    /**
     * Reports a command's failure as {@link #handleExecutionException} does, for a command run without picocli's
     * parse ({@link ServeArguments}).
     *
     * @return the exit code
     */
    int handle(Exception e, CommandLine command, boolean verbose) {
        String message;
        String hint;
        int code;
        if (e instanceof UnavailableException) {
            message = e.getMessage();
            hint = "Check that the database is running and reachable, and DATABASE_URL (or --url).";
            code = USAGE;
        } else if (e instanceof SchemaOutOfDateException) {
            message = e.getMessage();
            hint = "Apply the migrations with `windsurf db upgrade head` (or set WINDSURF_SCHEMA_POLICY=MIGRATE).";
            code = PROBLEM;
        } else if (e instanceof MigrationException m) {
            message = m.getMessage();
            hint = "See `windsurf db history` and `windsurf db check` for the state of the schema.";
            code = PROBLEM;
        } else if (e instanceof DataException) {
            message = e.getMessage();
            hint = "Run again with --verbose for the details.";
            code = PROBLEM;
        } else if (e instanceof IllegalArgumentException) {
            message = e.getMessage();
            hint = "Check the options and the environment (DATABASE_URL, WINDSURF_*): see `" + name(command)
                    + " --help`.";
            code = USAGE;
        } else if (bindFailure(e) != null) {
            message = "Cannot listen: " + bindFailure(e).getMessage();
            hint = "Choose another --port (0 picks a free one) or --host.";
            code = USAGE;
        } else {
            message = "Unexpected error: " + e;
            hint = "Run again with --verbose for the stack trace.";
            code = PROBLEM;
        }
        report(command.getErr(), message, hint, e, verbose);
        return code;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String hint = "See `" + name(command) + " --help`.";
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            hint = "Did you mean " + String.join(" or ", unmatched.getSuggestions()) + "? " + hint;
        }
        report(command.getErr(), e.getMessage(), hint, e, List.of(args).contains("--verbose"));
        return USAGE;
    }

    private static void report(PrintWriter err, String message, String hint, Throwable e, boolean verbose) {
        err.println("FAILED: " + String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " "));
        err.println("hint: " + hint);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    private static java.net.BindException bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException b) {
                return b;
            }
        }
        return null;
    }

    private static boolean verbose(ParseResult parsed) {
        return parsed != null && (parsed.originalArgs().contains("--verbose") || parsed.originalArgs().contains("-v"));
    }

    /** "windsurf serve": the command's full name, for hints. */
    static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }
}
