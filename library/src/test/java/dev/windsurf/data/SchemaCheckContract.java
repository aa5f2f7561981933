package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.testsupport.EngineUnderTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema check at start ("Target database is not up to date"), on every engine. */
abstract class SchemaCheckContract {

    protected EngineUnderTest engine;
    protected String url;

    protected abstract Engine engine();

    @BeforeEach
    void createEmptyDatabase() {
        engine = new EngineUnderTest(engine());
        url = engine.newUrl();
    }

    @AfterEach
    void dropDatabases() {
        engine.close();
    }

    protected DatabaseConfig.Builder config() {
        return DatabaseConfig.builder().url(url).credentials(engine.user(), engine.password());
    }

    protected void migrateTo(String version) {
        Flyway.configure().dataSource(url, engine.user(), engine.password()).target(version).load().migrate();
    }

    protected void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void shouldStartWithoutAnyStepOnADatabaseMigratedBeforeMigrationSetsExisted() throws Exception {
        // What the release before migration sets did: plain Flyway, default location and history table
        migrateTo("3");
        java.util.List<Integer> applied = new java.util.ArrayList<>();

        try (Database db = Database.start(config().schemaPolicy(SchemaPolicy.VALIDATE)
                .listener(new DatabaseListener() {
                    @Override
                    public void onSchemaChecked(SchemaPolicy policy, String before, String code, int count) {
                        applied.add(count);
                    }
                }).build())) {
            assertThat(db.schemaVersion()).isEqualTo("3");
            assertThat(db.health().migrationSets()).containsExactly(new Health.SetVersion("windsurf", "3", "3"));
        }
        assertThat(applied).containsExactly(0);
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void shouldRefuseToStartBehindUnderValidateNamingBothVersionsAndTheFix() {
        migrateTo("2");

        assertThatThrownBy(() -> Database.start(config().schemaPolicy(SchemaPolicy.VALIDATE).build()))
                .isInstanceOfSatisfying(SchemaOutOfDateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SchemaOutOfDateException.Reason.BEHIND);
                    assertThat(e.databaseVersion()).isEqualTo("2");
                    assertThat(e.codeVersion()).isEqualTo(SchemaMigrations.VERSION);
                    assertThat(e.getMessage()).contains("Target database is not up to date", "version 2",
                            "needs " + SchemaMigrations.VERSION, "db upgrade head", "V3__create_projects.sql");
                });
    }

    @Test
    void shouldApplyOnlyThePendingMigrationsUnderMigrate() {
        migrateTo("2");
        int[] applied = {-1};

        try (Database db = Database.start(config().schemaPolicy(SchemaPolicy.MIGRATE).listener(new DatabaseListener() {
            @Override
            public void onSchemaChecked(SchemaPolicy policy, String before, String code, int count) {
                applied[0] = count;
            }
        }).build())) {
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
            assertThat(applied[0]).isEqualTo(1);
        }
    }

    @Test
    void shouldStartUnderValidateWhenUpToDate() {
        migrateTo(SchemaMigrations.VERSION);

        try (Database db = Database.start(config().schemaPolicy(SchemaPolicy.VALIDATE).build())) {
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        }
    }

    @Test
    void shouldReportADatabaseAheadOfTheCode() throws Exception {
        migrateTo(SchemaMigrations.VERSION);
        execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, installed_on, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', "
                + "'V99__from_the_future.sql', 1, 'test', CURRENT_TIMESTAMP, 1, TRUE)");

        assertThatThrownBy(() -> Database.start(config().schemaPolicy(SchemaPolicy.MIGRATE).build()))
                .isInstanceOfSatisfying(SchemaOutOfDateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SchemaOutOfDateException.Reason.AHEAD);
                    assertThat(e.databaseVersion()).isEqualTo("99");
                    assertThat(e.getMessage()).contains("newer than this build's " + SchemaMigrations.VERSION,
                            "99 from the future");
                });
        try (Database db = Database.start(config().schemaPolicy(SchemaPolicy.VALIDATE).allowNewerSchema(true).build())) {
            assertThat(db.health().up()).isTrue();
        }
    }

    @Test
    void shouldReportAnAppliedMigrationWhoseFileChanged() throws Exception {
        migrateTo(SchemaMigrations.VERSION);
        execute("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '2'");

        assertThatThrownBy(() -> Database.start(config().schemaPolicy(SchemaPolicy.MIGRATE).build()))
                .isInstanceOfSatisfying(SchemaOutOfDateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SchemaOutOfDateException.Reason.CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains("version 2", "V2__create_users.sql", "db repair");
                });
    }

    @Test
    void shouldReportAnAppliedMigrationWhoseDescriptionNoLongerMatchesItsFile() throws Exception {
        // Given a database at head whose history names version 2 differently from its file (checksum unchanged)
        migrateTo(SchemaMigrations.VERSION);
        execute("UPDATE flyway_schema_history SET description = 'renamed since' WHERE version = '2'");

        // When it starts, Then the quick check at start does not wave it through: Flyway's validation refuses it
        assertThatThrownBy(() -> Database.start(config().schemaPolicy(SchemaPolicy.VALIDATE).build()))
                .isInstanceOfSatisfying(SchemaOutOfDateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SchemaOutOfDateException.Reason.CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains("version 2", "db repair");
                });
    }

    @Test
    void shouldStartAtHeadUnderMigrateWithoutChangingTheHistory() throws Exception {
        // Given a database at head
        migrateTo(SchemaMigrations.VERSION);
        String before = historyRows();

        // When it starts under MIGRATE twice, Then it is at head and its history is exactly as it was
        for (int i = 0; i < 2; i++) {
            try (Database db = Database.start(config().schemaPolicy(SchemaPolicy.MIGRATE).build())) {
                assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
                assertThat(db.health().up()).isTrue();
            }
        }
        assertThat(historyRows()).isEqualTo(before);
    }

    private String historyRows() throws Exception {
        StringBuilder rows = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, checksum, "
                     + "success FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3))
                        .append(' ').append(rs.getInt(4)).append(' ').append(rs.getBoolean(5)).append('\n');
            }
        }
        return rows.toString();
    }

    @Test
    void shouldStartOnAnEmptyDatabaseUnderNoneWithoutTouchingIt() throws Exception {
        try (Database db = Database.start(config().schemaPolicy(SchemaPolicy.NONE).build())) {
            assertThat(db.schemaVersion()).isNull();
            assertThat(db.health().codeSchemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        }
        assertThatThrownBy(() -> execute("SELECT * FROM flyway_schema_history")).isNotNull();
    }
}
