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

/** {@code db downgrade (-N | <version> | base)}. */
@Command(name = "downgrade", description = {
        "Undo applied migrations, newest first, with their undo scripts (db/undo/U<n>__<description>.sql).",
        "Each runs in one transaction with the removal of its version from the history. When an undo script is "
                + "missing, nothing runs."})
final class DowngradeCommand extends Subcommand {

    @Parameters(paramLabel = "TARGET",
            description = "-N for the last N migrations, a version to go back to (it stays applied), or base.")
    String target;

    @Mixin
    OfflineOptions offline;

    @Override
    int run() {
        Targets.requireWellFormed(target, Targets.Command.DOWNGRADE);
        if (offline.given()) {
            return new OfflineRun(this, db, offline, false, target.strip()).run();
        }
        try (Session database = db.open(null, Session.Access.EXISTING)) {
            String source = database.config().maskedUrl();
            Progress progress = json() ? null : new Progress(out(), source);
            // base over every set, dependents first; any other target names one set
            List<Migrations> sets = target.equals("base") ? db.everySet(database, progress).reversed()
                    : List.of(db.migrations(database, progress));
            List<Map<String, Object>> results = new ArrayList<>();
            for (Migrations migrations : sets) {
                MigrationRun run = migrations.downgrade(target);
                String prefix = prefix(migrations, sets.size());
                if (json()) {
                    results.add(named(migrations, view(run)));
                } else if (run.steps().isEmpty()) {
                    out().println(prefix + "Already at version " + label(run.toVersion()) + ": nothing to downgrade.");
                } else {
                    out().println(prefix + "Now at version " + label(run.toVersion()) + " after "
                            + run.steps().size() + " undo script(s) in " + millis(run.duration())
                            + ". `db upgrade head` applies them again.");
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
