package dev.windsurf.data.migration.cli;

import dev.windsurf.data.internal.migration.Targets;
import dev.windsurf.data.migration.MigrationRun;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code db stamp <version>}. */
@Command(name = "stamp", description = "Set the history to a version without running any migration or undo script: "
        + "for a database whose schema is already there (or already gone).")
final class StampCommand extends Subcommand {

    @Parameters(paramLabel = "TARGET", description = "A version, head or base.")
    String target;

    @Override
    int run() {
        Targets.requireWellFormed(target, Targets.Command.STAMP);
        try (Session database = db.open(null, Session.Access.CREATE)) {
            MigrationRun run = db.migrations(database, null).stamp(target);
            if (json()) {
                Map<String, Object> body = result(true, DbCommand.OK);
                body.putAll(view(run));
                print(body);
            } else if (run.steps().isEmpty()) {
                out().println("Already at version " + label(run.toVersion()) + ": nothing to stamp.");
            } else {
                boolean forward = run.fromVersion() == null || run.toVersion() != null
                        && MigrationVersion.fromVersion(run.toVersion())
                        .compareTo(MigrationVersion.fromVersion(run.fromVersion())) > 0;
                String scripts = String.join(", ", run.steps().stream().map(MigrationRun.Step::script).toList());
                out().println("Stamped version " + label(run.toVersion()) + " (was " + label(run.fromVersion())
                        + "): " + (forward ? "recorded " + scripts + " as applied without running them."
                        : "removed " + scripts + " from the history without running their undo scripts."));
            }
            out().flush();
            return DbCommand.OK;
        }
    }
}
