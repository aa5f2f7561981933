/**
 * A test kit for services that embed WindSurf Data: each test gets a fresh, fully migrated database in one line —
 * SQLite in memory by default, PostgreSQL when {@code TEST_POSTGRES_URL} is set, or both with
 * {@link dev.windsurf.data.testkit.OnBothEngines} — with the {@code Database}, the services and the
 * {@code DSLContext} injected as JUnit Jupiter parameters ({@link dev.windsurf.data.testkit.DatabaseTest}). The
 * migrations run once per JVM into a template that each test's database is copied from.
 * {@link dev.windsurf.data.testkit.TestDatabases} offers the same without JUnit. JUnit Jupiter is an optional
 * dependency of the library: a project using this package has {@code org.junit.jupiter:junit-jupiter} in its test
 * scope.
 */
package dev.windsurf.data.testkit;
