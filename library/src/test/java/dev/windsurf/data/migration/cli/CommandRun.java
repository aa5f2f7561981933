package dev.windsurf.data.migration.cli;

import dev.windsurf.data.DatabaseConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Runs the {@code db} command in-process, as an application would, and keeps what it printed.
 *
 * @param exitCode what {@code CommandLine.execute} returned
 * @param out      standard output
 * @param err      standard error
 */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun run(Supplier<DatabaseConfig.Builder> settings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DbCommand(settings));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** Both streams, for assertion messages. */
    String both() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }

    @Override
    public String toString() {
        return both();
    }
}
