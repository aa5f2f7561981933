/**
 * The build step that turns Flyway SQL migrations into jOOQ classes without a database server:
 * {@link dev.windsurf.codegen.SchemaCodegen} for programs and tests, {@link dev.windsurf.codegen.GenerateMojo} as the
 * {@code windsurf-codegen:generate} Maven goal.
 */
package dev.windsurf.codegen;
