package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Database;
import dev.windsurf.data.internal.migration.Targets;
import dev.windsurf.data.migration.MigrationRun;
import dev.windsurf.data.migration.Migrations;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code db upgrade [head | <version> | +N]}. */
@Command(name = "upgrade", description = "Apply pending migrations: all (head), up to a version, or the next N (+N).")
final class UpgradeCommand extends Subcommand {

    @Parameters(arity = "0..1", paramLabel = "TARGET", defaultValue = "head",
            description = "head (default), a version such as 3, or +N for the next N migrations.")
    String target;

    @Override
    int run() {
        Targets.requireWellFormed(target, Targets.Command.UPGRADE);
        try (Database database = db.open(null)) {
            String source = database.config().maskedUrl();
            Migrations migrations = db.migrations(database, json() ? null : new Progress(out(), source));
            MigrationRun run = migrations.upgrade(target);
            if (json()) {
                Map<String, Object> body = result(true, DbCommand.OK);
                body.putAll(view(run));
                print(body);
            } else if (run.steps().isEmpty()) {
                out().println("Already at version " + label(run.toVersion()) + (run.atHead() ? " (head)" : "")
                        + ": nothing to upgrade.");
            } else {
                out().println("Now at version " + label(run.toVersion()) + (run.atHead() ? " (head)" : "")
                        + " after " + run.steps().size() + " migration(s) in " + millis(run.duration()) + ".");
            }
            out().flush();
            return DbCommand.OK;
        }
    }
}
