package dev.windsurf.example;

import dev.windsurf.data.migration.cli.DbCommand;
import picocli.CommandLine.Command;

/** The root command; it only holds the subcommands. */
@Command(name = "windsurf", mixinStandardHelpOptions = true, version = "windsurf 0.1.0",
        description = "The WindSurf backend demo on WindSurf Data: an HTTP API, a guided tour and database commands.%n"
                + "The database comes from DATABASE_URL (default: an SQLite file ./data/windsurf.db).",
        subcommands = {ServeCommand.class, DemoCommand.class, StatusCommand.class, DbCommand.class},
        footerHeading = "%nOutput:%n",
        footer = {"  Results go to standard output; failures (one FAILED: line and a hint) and logs to standard "
                + "error.", "  --verbose adds INFO logs and the stack trace of a failure."})
final class WindsurfCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Missing command: use " + String.join(", ", spec.subcommands().keySet()) + " (see --help)");
    }
}
