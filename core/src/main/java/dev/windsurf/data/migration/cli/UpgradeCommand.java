package dev.windsurf.data.migration.cli;

import dev.windsurf.data.internal.migration.Targets;
import dev.windsurf.data.migration.MigrationRun;
import dev.windsurf.data.migration.Migrations;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code db upgrade [head | <version> | +N]}. */
@Command(name = "upgrade", description = "Apply pending migrations: all (head), up to a version, or the next N (+N).")
final class UpgradeCommand extends Subcommand {

    @Parameters(arity = "0..1", paramLabel = "TARGET", defaultValue = "head",
            description = "head (default), a version such as 3, or +N for the next N migrations.")
    String target;

    @Mixin
    OfflineOptions offline;

    @Override
    int run() {
        Targets.requireWellFormed(target, Targets.Command.UPGRADE);
        if (offline.given()) {
            return new OfflineRun(this, db, offline, true, target.strip()).run();
        }
        try (Session database = db.open(null, Session.Access.CREATE)) {
            String source = database.config().maskedUrl();
            Progress progress = json() ? null : new Progress(out(), source);
            // head over every set, in dependency order; any other target names one set
            List<Migrations> sets = target.equals("head") ? db.everySet(database, progress)
                    : List.of(db.migrations(database, progress));
            List<Map<String, Object>> results = new ArrayList<>();
            for (Migrations migrations : sets) {
                MigrationRun run = migrations.upgrade(target);
                String prefix = prefix(migrations, sets.size());
                if (json()) {
                    results.add(named(migrations, view(run)));
                } else if (run.steps().isEmpty()) {
                    out().println(prefix + "Already at version " + label(run.toVersion())
                            + (run.atHead() ? " (head)" : "") + ": nothing to upgrade.");
                } else {
                    out().println(prefix + "Now at version " + label(run.toVersion())
                            + (run.atHead() ? " (head)" : "") + " after " + run.steps().size() + " migration(s) in "
                            + millis(run.duration()) + ".");
                }
                out().flush();
            }
            if (json()) {
                print(combined(true, DbCommand.OK, results));
            }
            return DbCommand.OK;
        }
    }
}
