package dev.windsurf.data.testkit;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.Engine;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.testsupport.TestPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The kit without JUnit: fresh copies of a template migrated once, removed on close. */
class TestDatabasesTest {

    @Test
    void shouldCopyTheSqliteTemplateIntoIndependentInMemoryDatabases() {
        try (TestDatabase first = TestDatabases.open(Engine.SQLITE);
             TestDatabase second = TestDatabases.open(Engine.SQLITE)) {
            first.database().writeVoid(tx -> tx.execute("CREATE TABLE scratch (id TEXT)"));

            assertThat(first.name()).isNotEqualTo(second.name());
            assertThat(first.database().schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
            assertThat(second.database().<Integer>read(tx -> tx.fetchCount(tx.selectFrom("sqlite_master")
                    .where("name = 'scratch'")))).isZero();
            assertThat(second.database().<Integer>read(tx -> tx.fetchCount(USERS))).isZero();
        }
        assertThat(SqliteTemplate.get().file()).exists()
                .satisfies(f -> assertThat(f.toString()).startsWith(System.getProperty("java.io.tmpdir")));
        assertThat(Files.exists(SqliteTemplate.get().file().resolveSibling(
                SqliteTemplate.get().file().getFileName() + "-wal"))).isFalse();
    }

    @Test
    void shouldStartWithoutFlywayAndKeepTheCallersSettingsExceptUrlCredentialsAndPolicy() {
        // Given settings that try to change everything, the URL and the schema policy included
        Clock fixed = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
        List<String> checks = new CopyOnWriteArrayList<>();
        DatabaseListener listener = new DatabaseListener() {
            @Override
            public void onSchemaChecked(SchemaPolicy policy, String databaseVersion, String codeVersion, int applied) {
                checks.add(policy + " " + databaseVersion + " " + applied);
            }
        };

        // When a database is opened with them
        try (TestDatabase test = TestDatabases.open(Engine.SQLITE, settings -> settings.clock(fixed)
                .listener(listener).schemaPolicy(SchemaPolicy.VALIDATE).url("jdbc:sqlite:/nowhere/app.db"))) {
            // Then the kit's URL and policy win, nothing is migrated, and the other settings are kept
            assertThat(test.database().config().clock()).isSameAs(fixed);
            assertThat(test.database().config().schemaPolicy()).isEqualTo(SchemaPolicy.NONE);
            assertThat(test.database().config().url()).contains(test.name()).contains("mode=memory");
            assertThat(checks).containsExactly("NONE " + SchemaMigrations.VERSION + " 0");
        }
    }

    @Test
    void shouldCreatePostgresqlDatabasesFromAClosedTemplateAndDropThemOnClose() throws Exception {
        TestPostgres.assumeAvailable();
        String name;
        try (TestDatabase test = TestDatabases.open(Engine.POSTGRESQL)) {
            name = test.name();
            assertThat(test.engine()).isEqualTo(Engine.POSTGRESQL);
            assertThat(test.database().schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
            assertThat(test.database().<Integer>read(tx -> tx.fetchCount(USERS))).isZero();
            assertThat(allowsConnections(name)).isTrue();
            assertThat(templates()).allSatisfy(t -> assertThat(allowsConnections(t)).isFalse()).isNotEmpty();
        }
        assertThat(allowsConnections(name)).as("dropped").isNull();
        assertThat(PostgresServer.of(KitEnvironment.process()).isOpen(name)).isFalse();
    }

    @Test
    void shouldMigrateANewSqliteTemplateWhenTheFileWasDeletedWhileTestsRun() throws Exception {
        // Given a template whose file a clean-up of the temporary directory removed
        Files.delete(SqliteTemplate.get().file());

        // When the next test asks for a database
        try (TestDatabase test = TestDatabases.open(Engine.SQLITE)) {
            // Then it still gets a fully migrated one, from a new template file
            assertThat(test.database().schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
            assertThat(SqliteTemplate.get().file()).exists();
        }
    }

    @Test
    void shouldCloseIdempotently() {
        TestDatabase test = TestDatabases.open(Engine.SQLITE);
        test.close();
        test.close();
        assertThat(test.toString()).endsWith(", closed]");
    }

    /** Whether the database allows connections; null when it does not exist. */
    private static Boolean allowsConnections(String database) throws Exception {
        try (Connection c = TestPostgres.admin();
             PreparedStatement st = c.prepareStatement("SELECT datallowconn FROM pg_database WHERE datname = ?")) {
            st.setString(1, database);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    private static List<String> templates() throws Exception {
        try (Connection c = TestPostgres.admin();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT datname FROM pg_database WHERE datname LIKE 'wsf\\_kit\\_tpl\\_%'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
