package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.migration.MigrationListener;
import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.Migrations;
import java.io.PrintWriter;
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

    /** Opens the database named by {@code --url} (or {@code override}, or the environment), checking nothing. */
    Database open(String override) {
        try {
            DatabaseConfig.Builder builder = settings.get();
            String chosen = override != null ? override : url;
            if (chosen != null) {
                builder.url(chosen);
            }
            return Database.start(builder.schemaPolicy(SchemaPolicy.NONE).poolSize(1).build());
        } catch (RuntimeException e) {
            throw new CommandFailure(USAGE, "CONNECTION", "Cannot open the database: " + e.getMessage(), e);
        }
    }

    /** The migrations of an open database, with the locations of this command line. */
    Migrations migrations(Database database, MigrationListener listener) {
        MigrationSettings.Builder b = MigrationSettings.builder();
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
        return database.migrations().withSettings(b.build());
    }

    boolean json() {
        return json;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
