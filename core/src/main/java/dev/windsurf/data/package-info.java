/**
 * WindSurf Data's runtime: {@link dev.windsurf.data.Database} (built from {@link dev.windsurf.data.DatabaseConfig})
 * owns the connection pools, the jOOQ configuration, the start-up schema check and the retry rules on PostgreSQL or
 * embedded SQLite; transactions retry by SQLState, a database that stops taking writes degrades to read-only mode
 * ({@link dev.windsurf.data.ReadOnlyControl}), and every failure arrives as a {@link dev.windsurf.data.DataException}
 * subtype carrying the database's code. The generated schema classes live in {@code dev.windsurf.data.schema};
 * packages named {@code internal} are not API.
 */
package dev.windsurf.data;
