/**
 * The {@code db} command group ({@link dev.windsurf.data.migration.cli.DbCommand}) for picocli applications:
 * upgrade, downgrade, current, history, check, stamp, repair and revision, with text for people, {@code --json} for
 * scripts, and exit codes for CI. picocli is an optional dependency: applications that mount the command add it.
 */
package dev.windsurf.data.migration.cli;
