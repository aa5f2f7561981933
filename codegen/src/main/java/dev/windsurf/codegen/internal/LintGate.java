package dev.windsurf.codegen.internal;

import dev.windsurf.lint.Finding;
import dev.windsurf.lint.LintReport;
import dev.windsurf.lint.MigrationLint;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The build's migration lint: prints every finding and fails on errors in migrations not yet released. The set is
 * linted as portable (PostgreSQL and SQLite), since the classes are generated from SQLite. Stateless.
 */
public final class LintGate {

    private LintGate() {
    }

    /**
     * Lints the migrations (and the undo scripts in a sibling {@code undo} directory, when there is one).
     *
     * @param migrations      the directory of the {@code V<n>__*.sql} files
     * @param releasedThrough the highest released version, or null when none is released: errors at or below it
     *                        are printed as warnings
     * @param postgresOnly    whether the set targets PostgreSQL only (else SQLite's limits apply too)
     * @param warn            where findings are printed
     * @throws MojoFailureException     when an error-level finding remains in an unreleased migration
     * @throws IllegalArgumentException when the directory does not exist or the version is not one
     */
    public static void check(Path migrations, String releasedThrough, boolean postgresOnly, Consumer<String> warn)
            throws MojoFailureException {
        MigrationLint.Builder lint = MigrationLint.builder().releasedThrough(releasedThrough);
        if (postgresOnly) {
            lint.target(dev.windsurf.lint.Target.POSTGRESQL);
        }
        LintReport report = lint.build().lintDirectory(migrations);
        for (Finding finding : report.findings()) {
            warn.accept("migration lint: " + finding);
        }
        List<Finding> blocking = report.blocking();
        if (!blocking.isEmpty()) {
            throw new MojoFailureException("Migration lint: " + blocking.size() + " error(s) in migrations not yet "
                    + "released (above version " + (releasedThrough == null ? "none" : releasedThrough) + "), first "
                    + blocking.getFirst() + " Fix them, or silence one with `-- lint: allow " + blocking.getFirst()
                    .rule() + " -- <reason>` on its statement; `db lint` lists them all.");
        }
    }
}
