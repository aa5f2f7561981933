/**
 * WindSurf Data's runtime: {@link dev.windsurf.data.Database} (built from {@link dev.windsurf.data.DatabaseConfig})
 * owns the connection pools, the jOOQ configuration, the start-up schema check and the retry rules on PostgreSQL or
 * embedded SQLite; transactions retry by SQLState, a database that stops taking writes degrades to read-only mode
 * ({@link dev.windsurf.data.ReadOnlyControl}), and every failure arrives as a {@link dev.windsurf.data.DataException}
 * subtype carrying the database's code. It knows no table of its own: the schema comes from the migration sets on
 * the class path ({@link dev.windsurf.data.migration.MigrationSet}), each with the jOOQ classes the codegen plugin
 * generated for it. Packages named {@code internal} are not API.
 */
package dev.windsurf.data;
