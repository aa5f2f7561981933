package dev.windsurf.data.migration.cli;

import dev.windsurf.data.migration.RepairReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code db repair}. */
@Command(name = "repair", description = "Flyway repair: remove the records of failed migrations, set recorded "
        + "checksums to the files', mark applied migrations whose file is gone as deleted.")
final class RepairCommand extends Subcommand {

    @Override
    int run() {
        try (Session database = db.open(null, Session.Access.EXISTING)) {
            RepairReport report = db.migrations(database, null).repair();
            if (json()) {
                Map<String, Object> body = result(true, DbCommand.OK);
                body.put("removedFailed", report.removedFailed());
                body.put("alignedChecksums", report.alignedChecksums());
                body.put("markedDeleted", report.markedDeleted());
                print(body);
            } else if (!report.changed()) {
                out().println("Nothing to repair: the history matches the files.");
            } else {
                List<String> actions = new ArrayList<>();
                if (!report.removedFailed().isEmpty()) {
                    actions.add("removed failed " + String.join(", ", report.removedFailed()));
                }
                if (!report.alignedChecksums().isEmpty()) {
                    actions.add("aligned the checksum of " + String.join(", ", report.alignedChecksums()));
                }
                if (!report.markedDeleted().isEmpty()) {
                    actions.add("marked deleted " + String.join(", ", report.markedDeleted()));
                }
                out().println("Repaired the history: " + String.join("; ", actions) + ".");
            }
            out().flush();
            return DbCommand.OK;
        }
    }
}
