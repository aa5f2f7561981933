/**
 * The migration lifecycle: Alembic's commands (upgrade, downgrade, current, history, check, stamp, repair,
 * revision, autogenerate) over the project's Flyway SQL files and their undo scripts, on PostgreSQL and SQLite.
 * Start from {@code Database.migrations()} or {@link dev.windsurf.data.migration.Migrations#builder}; write new
 * migrations with {@link dev.windsurf.data.migration.Revisions}.
 */
package dev.windsurf.data.migration;
