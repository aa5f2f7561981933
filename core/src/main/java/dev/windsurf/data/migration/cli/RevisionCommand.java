package dev.windsurf.data.migration.cli;

import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.Migrations;
import dev.windsurf.data.migration.Revision;
import dev.windsurf.data.migration.Revisions;
import dev.windsurf.data.migration.SchemaChanges;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db revision -m <message> [--autogenerate [--from <url>]]}. */
@Command(name = "revision", description = {
        "Write the next migration V<n>__<message>.sql and its undo script U<n>__<message>.sql from templates, "
                + "numbered after the highest version. Never overwrites a file.",
        "With --autogenerate, compare a database changed by hand (at head otherwise) with the schema the "
                + "migrations produce on the same engine, and write the difference as forward and undo SQL for "
                + "review. Nothing is applied."})
final class RevisionCommand extends Subcommand {

    /** Where {@code revision} writes when {@code --dir} is not given, relative to the working directory. */
    static final String DEFAULT_DIRECTORY = "src-migrations/src/main/resources/db/migration";

    @Option(names = {"-m", "--message"}, required = true, paramLabel = "MESSAGE",
            description = "What the migration does, e.g. \"add tags\": becomes the file name's description.")
    String message;

    @Option(names = "--autogenerate", description = "Generate the SQL from a database changed by hand.")
    boolean autogenerate;

    @Option(names = "--from", paramLabel = "URL",
            description = "With --autogenerate: the database changed by hand (default: --url, else DATABASE_URL).")
    String from;

    /** Where {@code revision --schema NAME} writes when {@code --dir} is not given: the codegen plugin's default. */
    static final String SET_DIRECTORY = "src/main/resources/db/%s/migration";

    @Option(names = "--dir", paramLabel = "DIR",
            description = "The migrations source directory (default: " + DEFAULT_DIRECTORY + ", or with --schema NAME "
                    + "src/main/resources/db/NAME/migration, from the working directory).")
    Path directory;

    @Option(names = "--undo-dir", paramLabel = "DIR",
            description = "The undo scripts source directory (default: undo next to --dir).")
    Path undoDirectory;

    @Override
    int run() {
        Revisions.description(message);
        if (from != null && !autogenerate) {
            throw new CommandFailure(DbCommand.USAGE, "USAGE", "--from needs --autogenerate.", null);
        }
        Path chosen = directory != null ? directory : Path.of(db.schema() == null || atDefaultLocation(db.schema())
                ? DEFAULT_DIRECTORY : SET_DIRECTORY.formatted(db.schema()));
        Path dir = chosen.toAbsolutePath().normalize();
        Path undo = undoDirectory != null ? undoDirectory.toAbsolutePath().normalize() : dir.resolveSibling("undo");
        Revisions revisions = Revisions.builder(dir).undoDirectory(undo).build();
        try {
            revisions.nextVersion();
        } catch (dev.windsurf.data.migration.MigrationException e) {
            throw new CommandFailure(Subcommand.exitCode(e.reason()), e.reason().name(), e.getMessage()
                    + " Run `db revision` from the project root, or pass --dir (and --undo-dir).", e);
        }
        if (!autogenerate) {
            return report(revisions.create(message), null);
        }
        try (Session database = db.open(from, Session.Access.EXISTING)) {
            Migrations set = database.migrationSets().size() > 1 || db.schema() != null
                    ? db.migrations(database, null) : database.migrations();
            Migrations migrations = set.withSettings(set.settings().toBuilder()
                    .locations("filesystem:" + dir).undoLocation("filesystem:" + undo).build());
            if (!json()) {
                out().println("Comparing " + database.config().maskedUrl() + " (" + database.engine().name()
                        .toLowerCase(java.util.Locale.ROOT) + ") with the migrations in " + dir);
                out().flush();
            }
            SchemaChanges changes = migrations.autogenerate();
            if (changes.isEmpty()) {
                if (json()) {
                    Map<String, Object> body = result(true, DbCommand.OK);
                    body.put("version", null);
                    body.put("differences", changes.differences());
                    print(body);
                } else {
                    out().println("No changes detected against the migrations at version " + changes.version()
                            + ": nothing written.");
                    out().flush();
                }
                return DbCommand.OK;
            }
            if (!json()) {
                for (String d : changes.differences()) {
                    out().println("Detected " + d);
                }
            }
            return report(revisions.create(message, changes), changes);
        }
    }

    /**
     * Whether the named set keeps its migrations at the default location ({@code db/migration}, as WindSurf's own
     * set does): its sources are then in {@link #DEFAULT_DIRECTORY}, not in the codegen plugin's per-set directory.
     */
    private static boolean atDefaultLocation(String set) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return dev.windsurf.data.migration.MigrationSet.discover(loader != null ? loader
                            : RevisionCommand.class.getClassLoader()).stream()
                    .anyMatch(s -> s.name().equals(set) && s.locations().equals(java.util.List.of(
                            dev.windsurf.data.migration.MigrationSettings.DEFAULT_LOCATION)));
        } catch (IllegalStateException e) {
            return false; // a malformed descriptor: the command that opens the database reports it
        }
    }

    private int report(Revision revision, SchemaChanges changes) {
        if (json()) {
            Map<String, Object> body = result(true, DbCommand.OK);
            body.put("version", revision.version());
            body.put("script", revision.script().toString());
            body.put("undoScript", revision.undoScript().toString());
            body.put("autogenerated", revision.autogenerated());
            body.put("differences", changes == null ? java.util.List.of() : changes.differences());
            body.put("notes", revision.notes());
            print(body);
            return DbCommand.OK;
        }
        out().println("Generating " + revision.script() + " ... done");
        out().println("Generating " + revision.undoScript() + " ... done");
        if (revision.autogenerated()) {
            out().println("Review both files before committing: they were generated from a database and are never "
                    + "applied automatically.");
            if (!revision.notes().isEmpty()) {
                out().println("Needs attention (also marked in the files):");
                revision.notes().forEach(n -> out().println("  " + n));
            }
        }
        out().flush();
        return DbCommand.OK;
    }
}
