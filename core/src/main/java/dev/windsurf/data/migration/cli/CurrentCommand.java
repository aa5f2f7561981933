package dev.windsurf.data.migration.cli;

import dev.windsurf.data.migration.Migrations;
import dev.windsurf.data.migration.MigrationStatus;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Objects;
import picocli.CommandLine.Command;

/** {@code db current}. */
@Command(name = "current", description = "Print the database's version, and whether it is the head.")
final class CurrentCommand extends Subcommand {

    @Override
    int run() {
        try (Session database = db.open(null, Session.Access.READ)) {
            List<Migrations> sets = db.everySet(database, null);
            List<Map<String, Object>> results = new ArrayList<>();
            for (Migrations migrations : sets) {
                MigrationStatus status = migrations.status();
                int pending = status.pending().size();
                String prefix = prefix(migrations, sets.size());
                if (json()) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("current", status.currentVersion());
                    body.put("head", status.headVersion());
                    body.put("pending", pending);
                    body.put("upToDate", status.upToDate());
                    results.add(named(migrations, body));
                } else if (status.headVersion() == null) {
                    out().println(prefix + label(status.currentVersion()) + " (no migrations found)");
                } else if (Objects.equals(status.currentVersion(), status.headVersion())) {
                    out().println(prefix + status.currentVersion() + " (head)");
                } else {
                    out().println(prefix + label(status.currentVersion()) + " (head is " + status.headVersion()
                            + (pending > 0 ? ": " + pending + " pending" : "") + ")");
                }
            }
            if (json()) {
                print(combined(true, DbCommand.OK, results));
            }
            out().flush();
            return DbCommand.OK;
        }
    }
}
