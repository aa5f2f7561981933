package dev.windsurf.example;

import dev.windsurf.data.schema.Tables;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import picocli.CommandLine;

/** The {@code windsurf} command: {@code serve}, {@code demo}, {@code status} and {@code db …}. */
public final class Main {

    /** The system property the logging configuration reads its level from ({@code ServerLogging}). */
    static final String LOG_LEVEL = "windsurf.log.level";

    private Main() {
    }

    public static void main(String[] args) {
        quietLogging(args);
        CountDownLatch logging = serves(args) ? prepareServer(args) : null;
        Optional<ServeCommand> serve = ServeArguments.parse(args);
        CommandLine commandLine = serve.isPresent() ? null : commandLine(args);
        awaitLogging(logging);
        System.exit(serve.isPresent() ? serve(serve.get(), args) : commandLine.execute(args));
    }

    /**
     * Runs {@code serve} with the options {@link ServeArguments} read, and reports a failure as picocli's run does:
     * the same lines, hints and exit codes.
     */
    static int serve(ServeCommand serve, String[] args) {
        try {
            return serve.call();
        } catch (Exception e) {
            CommandLine commandLine = commandLine(args);
            return new Failures().handle(e, commandLine.getSubcommands().get("serve"), serve.verbose.verbose);
        }
    }

    private static boolean serves(String[] args) {
        return args.length > 0 && args[0].equals("serve");
    }

    /**
     * Prepares the server's start on a second thread while the command line is parsed: Logback reads its
     * configuration (some 50 ms), then the data layer's heaviest first uses run (jOOQ's type system with the generated
     * tables and, when the database is an SQLite file, loading SQLite's native library), which the server's start would otherwise wait for. Nothing
     * logs before the returned latch opens, so no event meets a half-configured logger; the rest only initialises
     * classes, which the JVM makes safe to race with their use.
     */
    static CountDownLatch prepareServer(String[] args) {
        CountDownLatch logging = new CountDownLatch(1);
        Thread.ofPlatform().name("start-up").daemon().start(() -> {
            try {
                LoggerFactory.getILoggerFactory();
            } finally {
                logging.countDown();
            }
            Tables.USERS.fields(); // jOOQ's type system: every dialect's data types, then the generated tables
            if (onSqlite(args)) {
                try {
                    SQLiteJDBCLoader.initialize();
                } catch (Exception e) {
                    // The server's own start fails with the full story if the library cannot be loaded
                }
            }
        });
        return logging;
    }

    /** Whether the server will run on SQLite: the {@code --url} given, else DATABASE_URL, else the default file. */
    private static boolean onSqlite(String[] args) {
        String url = System.getenv("DATABASE_URL");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--url") && i + 1 < args.length) {
                url = args[i + 1];
            } else if (args[i].startsWith("--url=")) {
                url = args[i].substring("--url=".length());
            }
        }
        return url == null || url.isBlank() || url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:");
    }

    /** Waits for {@link #prepareServer}'s logging; null: nothing to wait for. */
    static void awaitLogging(CountDownLatch logging) {
        if (logging == null) {
            return;
        }
        try {
            logging.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The command line for these arguments: for {@code db …}, a root holding the {@code db} commands alone, so that
     * a short command does not build the model of the server's and the tour's options, and {@code serve …}, a root
     * holding {@code serve} alone (the same names, help and exit codes); the whole tree otherwise.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0 && args[0].equals("db")) {
            return withFailures(new CommandLine(new DbOnly()));
        }
        if (serves(args)) {
            return withFailures(new CommandLine(new ServeOnly()));
        }
        return commandLine();
    }

    private static CommandLine withFailures(CommandLine commandLine) {
        Failures failures = new Failures();
        return commandLine.setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
    }

    /** {@code windsurf} with only its {@code db} commands. */
    @picocli.CommandLine.Command(name = "windsurf", subcommands = dev.windsurf.data.migration.cli.DbCommand.class)
    static final class DbOnly {
    }

    /** {@code windsurf} with only its {@code serve} command: the server starts without the other commands' model. */
    @picocli.CommandLine.Command(name = "windsurf", subcommands = ServeCommand.class)
    static final class ServeOnly {
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
        return withFailures(new CommandLine(new WindsurfCommand()));
    }
}
