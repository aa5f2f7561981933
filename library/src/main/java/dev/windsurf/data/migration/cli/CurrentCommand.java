package dev.windsurf.data.migration.cli;

import dev.windsurf.data.Database;
import dev.windsurf.data.migration.MigrationStatus;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;

/** {@code db current}. */
@Command(name = "current", description = "Print the database's version, and whether it is the head.")
final class CurrentCommand extends Subcommand {

    @Override
    int run() {
        try (Database database = db.open(null)) {
            MigrationStatus status = db.migrations(database, null).status();
            int pending = status.pending().size();
            if (json()) {
                Map<String, Object> body = result(true, DbCommand.OK);
                body.put("current", status.currentVersion());
                body.put("head", status.headVersion());
                body.put("pending", pending);
                body.put("upToDate", status.upToDate());
                print(body);
            } else if (status.headVersion() == null) {
                out().println(label(status.currentVersion()) + " (no migrations found)");
            } else if (Objects.equals(status.currentVersion(), status.headVersion())) {
                out().println(status.currentVersion() + " (head)");
            } else {
                out().println(label(status.currentVersion()) + " (head is " + status.headVersion()
                        + (pending > 0 ? ": " + pending + " pending" : "") + ")");
            }
            out().flush();
            return DbCommand.OK;
        }
    }
}
