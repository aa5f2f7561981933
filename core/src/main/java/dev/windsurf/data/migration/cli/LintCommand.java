package dev.windsurf.data.migration.cli;

import dev.windsurf.lint.Finding;
import dev.windsurf.lint.LintReport;
import dev.windsurf.lint.MigrationLint;
import dev.windsurf.lint.Severity;
import dev.windsurf.lint.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db lint [--dir DIR] [--undo-dir DIR] [--target portable|postgresql] [--released-through N]}. */
@Command(name = "lint", description = {
        "Check the migration files for statements that lock or rewrite a busy PostgreSQL table, lose data, break "
                + "the running release, cannot run on SQLite (portable sets), or are not reversed by their undo "
                + "script. Needs no database.",
        "Silence a finding with a comment on its statement: -- lint: allow <rule> -- <reason>. Exit 1 when an "
                + "error remains (in a migration above --released-through)."})
final class LintCommand extends Subcommand {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = RevisionCommand.DEFAULT_DIRECTORY,
            description = "The migrations directory (default: ${DEFAULT-VALUE}, from the working directory).")
    Path directory;

    @Option(names = "--undo-dir", paramLabel = "DIR",
            description = "The undo scripts directory (default: undo next to --dir, when it exists).")
    Path undoDirectory;

    @Option(names = "--target", paramLabel = "ENGINES", defaultValue = "portable",
            description = "portable (PostgreSQL and SQLite) or postgresql (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--released-through", paramLabel = "VERSION",
            description = "The highest released version: its errors and those below it are reported but do not "
                    + "fail (default: none).")
    String releasedThrough;

    @Override
    int run() {
        Target engines = switch (target.toLowerCase(Locale.ROOT)) {
            case "portable" -> Target.PORTABLE;
            case "postgresql", "postgres" -> Target.POSTGRESQL;
            default -> throw new CommandFailure(DbCommand.USAGE, "USAGE", "--target must be portable or "
                    + "postgresql, not '" + target + "'.", null);
        };
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure(DbCommand.USAGE, "MISSING_DIRECTORY", "No migrations directory " + dir
                    + ". Run `db lint` from the project root, or pass --dir.", null);
        }
        MigrationLint lint = MigrationLint.builder().target(engines).releasedThrough(releasedThrough).build();
        LintReport report = undoDirectory != null ? lint.lint(dir, undoDirectory.toAbsolutePath().normalize())
                : lint.lintDirectory(dir);
        int exitCode = report.hasBlocking() ? DbCommand.PROBLEM : DbCommand.OK;
        if (json()) {
            Map<String, Object> body = result(exitCode == DbCommand.OK, exitCode);
            body.put("undoChecked", report.undoChecked());
            body.put("findings", report.findings().stream().map(LintCommand::view).toList());
            print(body);
            return exitCode;
        }
        for (Finding f : report.findings()) {
            out().println(f);
        }
        out().println(summary(report));
        out().flush();
        return exitCode;
    }

    private static String summary(LintReport report) {
        List<Finding> active = report.active();
        long errors = active.stream().filter(f -> f.severity() == Severity.ERROR).count();
        return errors + " error(s), " + (active.size() - errors) + " warning(s), " + report.silenced().size()
                + " allowed; " + report.blocking().size() + " blocking"
                + (report.undoChecked() ? "" : "; undo scripts not checked (no undo directory)");
    }

    private static Map<String, Object> view(Finding f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", f.file());
        out.put("line", f.line());
        out.put("rule", f.rule());
        out.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
        out.put("message", f.message());
        out.put("fix", f.fix());
        out.put("silenced", f.silenced());
        out.put("reason", f.reason());
        out.put("released", f.released());
        return out;
    }
}
