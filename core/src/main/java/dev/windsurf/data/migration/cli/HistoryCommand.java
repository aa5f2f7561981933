package dev.windsurf.data.migration.cli;

import dev.windsurf.data.migration.Migrations;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationStatus;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import picocli.CommandLine.Command;

/** {@code db history}. */
@Command(name = "history", description = "List every migration, newest first: applied and pending, when it was "
        + "applied, whether its file still matches, whether it has an undo script.")
final class HistoryCommand extends Subcommand {

    @Override
    int run() {
        try (Session database = db.open(null, Session.Access.READ)) {
            List<Migrations> sets = db.everySet(database, null);
            List<Map<String, Object>> results = new ArrayList<>();
            for (Migrations migrations : sets) {
                MigrationStatus status = migrations.status();
                if (json()) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("current", status.currentVersion());
                    body.put("head", status.headVersion());
                    body.put("migrations", views(status.all()));
                    results.add(named(migrations, body));
                    continue;
                }
                if (sets.size() > 1) {
                    out().println("migration set " + migrations.set().name() + " (history table "
                            + migrations.settings().historyTable() + "):");
                }
                TextTable table = new TextTable("VERSION", "DESCRIPTION", "STATE", "APPLIED AT (UTC)", "TIME",
                        "CHECKSUM", "UNDO");
                for (Migration m : status.all().reversed()) {
                    String version = m.version() + (m.version().equals(status.currentVersion()) ? " (current)" : "");
                    table.row(version, m.description(), state(m), when(m.installedOn()), millis(m.executionTime()),
                            checksum(m), m.undoAvailable() ? "yes" : "MISSING");
                }
                out().print(table.render());
                out().println(prefix(migrations, sets.size()) + "current " + label(status.currentVersion())
                        + ", head " + label(status.headVersion()) + ": " + status.applied().size() + " applied, "
                        + status.pending().size() + " pending");
            }
            if (json()) {
                print(combined(true, DbCommand.OK, results));
            }
            out().flush();
            return DbCommand.OK;
        }
    }

    private static String state(Migration m) {
        return switch (m.state()) {
            case FAILED -> "FAILED";
            case MISSING_FILE -> "applied, file missing";
            case FUTURE -> "applied, unknown";
            default -> m.state().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String checksum(Migration m) {
        return switch (m.checksum()) {
            case MATCHES -> "ok";
            case CHANGED -> "CHANGED";
            case NO_FILE -> "no file";
            case NOT_APPLIED -> "";
        };
    }
}
