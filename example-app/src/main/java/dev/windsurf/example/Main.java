package dev.windsurf.example;

import java.util.List;
import picocli.CommandLine;

/** The {@code windsurf} command: {@code serve}, {@code demo}, {@code status} and {@code db …}. */
public final class Main {

    /** The system property the logging configuration reads its level from (logback.xml). */
    static final String LOG_LEVEL = "windsurf.log.level";

    private Main() {
    }

    public static void main(String[] args) {
        quietLogging(args);
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command line for these arguments: for {@code db …}, a root holding the {@code db} commands alone, so that
     * a short command does not build the model of the server's and the tour's options (the same names, help and
     * exit codes); the whole tree otherwise.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0 && args[0].equals("db")) {
            Failures failures = new Failures();
            return new CommandLine(new DbOnly())
                    .setExecutionExceptionHandler(failures)
                    .setParameterExceptionHandler(failures);
        }
        return commandLine();
    }

    /** {@code windsurf} with only its {@code db} commands. */
    @picocli.CommandLine.Command(name = "windsurf", subcommands = dev.windsurf.data.migration.cli.DbCommand.class)
    static final class DbOnly {
    }

    /**
     * Commands log warnings only unless {@code --verbose} is given; {@code serve}, a service, logs at INFO. Set
     * before the first logger exists; a level given with {@code -Dwindsurf.log.level} wins.
     */
    static void quietLogging(String[] args) {
        if (System.getProperty(LOG_LEVEL) != null) {
            return;
        }
        List<String> all = List.of(args);
        boolean verbose = all.contains("--verbose") || all.contains("-v");
        boolean serve = !all.isEmpty() && all.getFirst().equals("serve");
        System.setProperty(LOG_LEVEL, verbose || serve ? "INFO" : "WARN");
        if (!verbose && !serve && System.getProperty(PROVIDER) == null) {
            // Warnings only, without starting Logback: it costs a short command a third of its run
            System.setProperty(PROVIDER, "dev.windsurf.example.logging.CommandLogging");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    /** SLF4J's property naming the logging provider to use. */
    private static final String PROVIDER = "slf4j.provider";

    /** The command line, for tests and for embedding. */
    static CommandLine commandLine() {
        Failures failures = new Failures();
        return new CommandLine(new WindsurfCommand())
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures);
    }
}
