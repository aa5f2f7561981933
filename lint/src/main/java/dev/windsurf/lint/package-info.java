/**
 * Migration lint: {@link dev.windsurf.lint.MigrationLint} reads a Flyway migration set and reports, for each
 * dangerous statement, a {@link dev.windsurf.lint.Finding} with its file, line, rule, severity, reason and the safe
 * way to do it. Used by the codegen plugin (the build fails on errors in unreleased migrations) and by
 * {@code db lint}.
 */
package dev.windsurf.lint;
