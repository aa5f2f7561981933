package dev.windsurf.data.migration.cli;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.pool.DirectConnections;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.migration.MigrationListener;
import dev.windsurf.data.migration.MigrationSet;
import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.Migrations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code db} command group: Alembic's commands over the project's Flyway migrations, for any picocli
 * application to mount.
 *
 * <pre>{@code
 * @Command(name = "app", subcommands = DbCommand.class)           // app db upgrade head
 * class App { }
 *
 * new CommandLine(new App()).addSubcommand(new DbCommand(() -> DatabaseConfig.fromEnvironment().name("app")));
 * System.exit(new CommandLine(new DbCommand()).execute(args));   // or on its own
 * }</pre>
 *
 * <p>Commands: {@code upgrade [head | <version> | +N]}, {@code downgrade (-N | <version> | base)}, {@code current},
 * {@code history}, {@code check}, {@code stamp <version>}, {@code repair}, {@code revision -m <message>
 * [--autogenerate]}; each has {@code --help}, and {@code --json} prints one JSON object for scripts. The database is
 * {@code --url}, else {@code DATABASE_URL} and the other variables of {@link DatabaseConfig.Builder#environment},
 * opened with {@link SchemaPolicy#NONE} so that the commands themselves decide what to apply.
 *
 * <p>Exit codes: {@value #OK} done (for {@code check}: up to date, no drift); {@value #PROBLEM} {@code check} found
 * pending migrations, changed checksums, failed or unknown migrations or drift, or a command failed (a migration or
 * undo script, a missing undo script, two files claiming one version, a database not up to date); {@value #USAGE}
 * usage error (bad option or argument, unknown version, a target in the wrong direction or beyond base or head, a
 * missing directory, a file that exists) or the database cannot be reached.
 *
 * <p>picocli is an optional dependency of windsurf-data: an application that mounts this command adds
 * {@code info.picocli:picocli} itself. One instance serves one command line; not thread-safe.
 */
@Command(name = "db",
        description = "Migrate the database: Alembic's commands over the project's Flyway migrations.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {UpgradeCommand.class, DowngradeCommand.class, CurrentCommand.class, HistoryCommand.class,
                CheckCommand.class, StampCommand.class, RepairCommand.class, RevisionCommand.class, LintCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done; check: up to date and no drift",
                "1:check found pending migrations, changed checksums, failed or unknown migrations, or drift; or "
                        + "a migration or undo script failed, an undo script is missing, two files claim one "
                        + "version, the database is not up to date",
                "2:usage error (bad option or argument, unknown version, target in the wrong direction or beyond "
                        + "base/head, missing directory, file exists) or the database cannot be reached"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  DATABASE_URL, DATABASE_USERNAME, DATABASE_PASSWORD  the database (when --url is not given)",
                "  WINDSURF_DB_*, WINDSURF_SQLITE_BUSY_TIMEOUT_MS         connection settings, as for the "
                        + "application"})
public final class DbCommand implements Callable<Integer> {

    /** Exit code: done; for {@code check}, up to date and no drift. */
    public static final int OK = 0;
    /** Exit code: {@code check} found a problem, or a command failed. */
    public static final int PROBLEM = 1;
    /** Exit code: usage error, or the database cannot be reached. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The database: a JDBC URL, postgresql://user:pass@host/db or sqlite:///file.db "
                    + "(default: DATABASE_URL, else " + DatabaseConfig.DEFAULT_URL + ").")
    String url;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print one JSON object for scripts instead of text.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace too (default: one line and a hint).")
    boolean verbose;

    @Option(names = "--schema", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The migration set to work on (default: every set, for upgrade head, downgrade base, "
                    + "current, history and check; the only set, for the other commands).")
    String schema;

    @Option(names = "--locations", paramLabel = "LOCATION", split = ",", scope = ScopeType.INHERIT,
            description = "Flyway locations of the migrations, classpath:… or filesystem:… "
                    + "(default: " + MigrationSettings.DEFAULT_LOCATION + ").")
    List<String> locations;

    @Option(names = "--undo-location", paramLabel = "LOCATION", scope = ScopeType.INHERIT,
            description = "Location of the undo scripts (default: " + MigrationSettings.DEFAULT_UNDO_LOCATION + ").")
    String undoLocation;

    private final Supplier<DatabaseConfig.Builder> settings;

    /** A command reading the database's settings from the process environment. */
    public DbCommand() {
        this(DatabaseConfig::fromEnvironment);
    }

    /**
     * A command with the application's own database settings; {@code --url} replaces their URL, and the schema
     * policy is always {@link SchemaPolicy#NONE}.
     *
     * @param settings called once per command for a fresh builder, e.g. {@code DatabaseConfig::fromEnvironment}
     */
    public DbCommand(Supplier<DatabaseConfig.Builder> settings) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
    }

    /** {@code db} alone: prints the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /**
     * The settings of the database named by {@code --url} (or the environment), without opening it: for commands
     * that write SQL without a database, or must not open the file itself.
     */
    DatabaseConfig configOnly() {
        try {
            DatabaseConfig.Builder builder = settings.get();
            if (url != null) {
                builder.url(url);
            }
            return builder.schemaPolicy(SchemaPolicy.NONE).poolSize(1).build();
        } catch (RuntimeException e) {
            throw new CommandFailure(USAGE, "USAGE", "Cannot read the database's settings: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the database named by {@code --url} (or {@code override}, or the environment) for one command, checking
     * nothing but that it can be reached; with {@link Session.Access#READ} or {@link Session.Access#EXISTING}, an
     * SQLite file that does not exist is an error rather than a new empty database, so that commands that only read
     * (or undo) never leave a file behind.
     */
    Session open(String override, Session.Access access) {
        DatabaseConfig config;
        try {
            DatabaseConfig.Builder builder = settings.get();
            String chosen = override != null ? override : url;
            if (chosen != null) {
                builder.url(chosen);
            }
            if (override == null && url != null && carriesPassword(url)) {
                err().println("Warning: --url carries a password, which other users of this machine can read (ps, "
                        + "/proc, shell history); set DATABASE_URL or DATABASE_PASSWORD in the environment instead.");
            }
            config = builder.schemaPolicy(SchemaPolicy.NONE).poolSize(1).build();
        } catch (RuntimeException e) {
            throw new CommandFailure(USAGE, "USAGE", "Cannot open the database: " + e.getMessage(),
                    "Pass a URL such as postgresql://user@host:5432/db or sqlite:///path/to/file.db with --url or "
                            + "DATABASE_URL.", e);
        }
        try {
            DirectConnections.requireDirect(config);
        } catch (IllegalStateException e) {
            throw new CommandFailure(USAGE, "POOLER", e.getMessage() + ".", "Point --url (or DATABASE_URL) at the "
                    + "server itself, not at PgBouncer, and unset DATABASE_POOLER for migration commands.", null);
        }
        if (access != Session.Access.CREATE) {
            java.nio.file.Path file = DatabaseUrls.parse(config.url()).sqliteFile();
            if (file != null && !java.nio.file.Files.exists(file)) {
                throw new CommandFailure(USAGE, "NO_DATABASE", "There is no database at " + config.maskedUrl()
                        + ": nothing to read or undo, and none was created.", "Pass --url (or set DATABASE_URL), "
                        + "or create it with `db upgrade head`.", null);
            }
        }
        try {
            return Session.open(config, access);
        } catch (java.sql.SQLException e) {
            FailureClassifier.Classification c = FailureClassifier.classify(e);
            throw new CommandFailure(USAGE, "CONNECTION", "Cannot open the database " + config.maskedUrl() + ": "
                    + firstLine(e) + (c.code() == null ? "" : " (" + c.code() + ")") + ".",
                    "Check that it is running and reachable, and the URL, user and password (--url or DATABASE_URL).",
                    e);
        } catch (RuntimeException e) {
            throw new CommandFailure(USAGE, "CONNECTION", "Cannot open the database " + config.maskedUrl() + ": "
                    + firstLine(e), "Check that it is running and reachable, and the URL (--url or DATABASE_URL).",
                    e);
        }
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static boolean carriesPassword(String url) {
        try {
            return DatabaseUrls.parse(url).password() != null;
        } catch (IllegalArgumentException e) {
            return false; // the start reports what is wrong with it
        }
    }

    /**
     * The migrations of the one migration set this command line names ({@code --schema}), or of the database's only
     * set, with the locations of this command line.
     *
     * @throws CommandFailure (usage) when the database holds several sets and none is named, or the named one is not
     *                        on the class path
     */
    Migrations migrations(Session database, MigrationListener listener) {
        List<MigrationSet> sets = database.migrationSets();
        if (schema == null && sets.size() > 1) {
            throw new CommandFailure(USAGE, "USAGE", "The database holds several migration sets ("
                    + String.join(", ", sets.stream().map(MigrationSet::name).toList()) + "): name one with "
                    + "--schema NAME.", null);
        }
        return configured(database, schema != null ? schema : sets.isEmpty() ? null : sets.getFirst().name(),
                listener);
    }

    /**
     * The migrations of every set the command works on, in dependency order: the one named with {@code --schema},
     * else every set of the database.
     */
    List<Migrations> everySet(Session database, MigrationListener listener) {
        List<MigrationSet> sets = database.migrationSets();
        if (schema != null || sets.size() < 2) {
            return List.of(migrations(database, listener));
        }
        if ((locations != null && !locations.isEmpty()) || undoLocation != null) {
            throw new CommandFailure(USAGE, "USAGE", "--locations and --undo-location apply to one migration set: "
                    + "name it with --schema NAME.", null);
        }
        List<Migrations> all = new ArrayList<>();
        for (MigrationSet set : sets) {
            all.add(configured(database, set.name(), listener));
        }
        return all;
    }

    private Migrations configured(Session database, String set, MigrationListener listener) {
        Migrations base;
        try {
            base = set == null ? database.migrations() : database.migrations(set);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(USAGE, "USAGE", e.getMessage() + ". Is the set's jar on the class path?", e);
        }
        MigrationSettings.Builder b = base.settings().toBuilder();
        try {
            if (locations != null && !locations.isEmpty()) {
                b.locations(locations.toArray(String[]::new));
            }
            if (undoLocation != null) {
                b.undoLocation(undoLocation);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(USAGE, "USAGE", e.getMessage(), e);
        }
        if (listener != null) {
            b.listener(listener);
        }
        return base.withSettings(b.build());
    }

    boolean json() {
        return json;
    }

    boolean verbose() {
        return verbose;
    }

    /** The set named with {@code --schema}, or null. */
    String schema() {
        return schema;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
