package dev.windsurf.data.migration.cli;

import dev.windsurf.data.migration.CheckReport;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.Migrations;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db check}. */
@Command(name = "check", description = {
        "Check that the database is at head, that applied migrations match their files, and that its schema is the "
                + "one the migrations produce (drift).",
        "Drift is found by applying the migrations to a fresh database of the same engine at the same version "
                + "(SQLite: a temporary file; PostgreSQL: a temporary schema in the same database, dropped "
                + "afterwards) and comparing tables, columns, types, nullability, defaults, keys, constraints and "
                + "indexes.",
        "Each undo script is proven on a scratch database of the same engine: every migration is applied, undone "
                + "and applied again, and the schema must come back exactly. A missing undo script fails too.",
        "Exit code 1 when anything is found, for CI."})
final class CheckCommand extends Subcommand {

    @Option(names = "--no-drift", description = "Skip the schema comparison: check the history only.")
    boolean noDrift;

    @Override
    int run() {
        try (Session database = db.open(null, Session.Access.EXISTING)) {
            List<Migrations> sets = db.everySet(database, null);
            List<Map<String, Object>> results = new ArrayList<>();
            boolean ok = true;
            for (Migrations migrations : sets) {
                CheckReport report = noDrift ? migrations.checkHistory() : migrations.check();
                ok &= report.ok();
                if (json()) {
                    results.add(named(migrations, json(report)));
                } else {
                    printText(database, migrations, sets.size(), report);
                }
            }
            int code = ok ? DbCommand.OK : DbCommand.PROBLEM;
            if (json()) {
                print(combined(ok, code, results));
            }
            out().flush();
            return code;
        }
    }

    private static Map<String, Object> json(CheckReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", report.ok());
        body.put("current", report.currentVersion());
        body.put("head", report.headVersion());
        body.put("pending", scripts(report.pending()));
        body.put("checksumMismatches", scripts(report.checksumMismatches()));
        body.put("failed", scripts(report.failed()));
        body.put("unknown", report.unknown().stream().map(Migration::version).toList());
        body.put("missingUndo", report.missingUndo().stream().map(Migration::undoScript).toList());
        body.put("driftChecked", report.driftChecked());
        body.put("drift", report.drift());
        body.put("undoFailures", report.undoFailures());
        body.put("problems", report.problems());
        return body;
    }

    private void printText(Session database, Migrations migrations, int sets, CheckReport report) {
        String prefix = prefix(migrations, sets);
        TextTable t = new TextTable("", "");
        t.row("database", database.config().maskedUrl() + " ("
                + database.engine().name().toLowerCase(java.util.Locale.ROOT) + ")");
        if (sets > 1) {
            t.row("set", migrations.set().name() + " (history table " + migrations.settings().historyTable() + ")");
        }
        t.row("version", label(report.currentVersion()) + " (head " + label(report.headVersion()) + ")");
        t.row("pending", report.pending().isEmpty() ? "none" : report.pending().size() + ": "
                + String.join(", ", scripts(report.pending())));
        t.row("checksums", report.checksumMismatches().isEmpty() ? "ok" : "CHANGED: "
                + String.join(", ", scripts(report.checksumMismatches())));
        t.row("history", report.failed().isEmpty() && report.unknown().isEmpty() ? "ok"
                : "failed: " + scripts(report.failed()) + ", unknown: "
                + report.unknown().stream().map(Migration::version).toList());
        t.row("undo", !report.missingUndo().isEmpty() ? "MISSING: " + String.join(", ",
                report.missingUndo().stream().map(Migration::undoScript).toList())
                : !report.driftChecked() ? "every migration has an undo script (not run)"
                : report.undoFailures().isEmpty() ? "ok: every undo script restores the schema before its "
                + "migration" : report.undoFailures().size() + " difference(s) on a scratch database:");
        for (String u : report.undoFailures()) {
            t.row("", u);
        }
        t.row("drift", !report.driftChecked() ? "not checked"
                : report.drift().isEmpty() ? "none: the schema is what the migrations produce at version "
                + label(report.currentVersion())
                : report.drift().size() + " difference(s) from the migrations at version "
                + label(report.currentVersion()) + ":");
        out().print(t.renderRows());
        for (String d : report.drift()) {
            out().println("             " + d);
        }
        if (report.ok()) {
            out().println(prefix + "OK: up to date at version " + label(report.currentVersion())
                    + (report.driftChecked() ? ", no drift." : "."));
        } else {
            // Results go to stdout, failures to stderr, in every command
            out().flush();
            for (String problem : report.problems()) {
                db.err().println(prefix + "FAILED: " + problem);
            }
            db.err().flush();
        }
    }

    private static List<String> scripts(List<Migration> migrations) {
        return migrations.stream().map(Migration::script).toList();
    }
}
