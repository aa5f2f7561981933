package dev.windsurf.data.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.Health;
import dev.windsurf.data.SchemaOutOfDateException;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.testsupport.EngineUnderTest;
import dev.windsurf.data.testsupport.TestSqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several migration sets stacked in one database: WindSurf's (found on the class path) and a set of a service's own,
 * each with its own history table and version numbers, applied in dependency order, checked one by one, undone in
 * reverse.
 */
abstract class MigrationSetsContract {

    private EngineUnderTest engine;
    private String url;
    private Path files;
    private MigrationSet windsurf;

    protected abstract Engine engine();

    @BeforeEach
    void setUp() throws Exception {
        engine = new EngineUnderTest(engine());
        url = engine.newUrl();
        files = Files.createTempDirectory(TestSqlite.tempDirectory(), "sets");
        windsurf = MigrationSet.discover(getClass().getClassLoader()).stream()
                .filter(s -> s.name().equals("windsurf")).findFirst().orElseThrow();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    /** A service's set with V1 (and V2 when asked), referencing WindSurf's users. */
    private MigrationSet extras(boolean withV2) throws Exception {
        Path migration = Files.createDirectories(files.resolve("extras/migration"));
        Path undo = Files.createDirectories(files.resolve("extras/undo"));
        Files.writeString(migration.resolve("V1__create_extras.sql"), """
                CREATE TABLE extras (
                    id      TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    CONSTRAINT pk_extras PRIMARY KEY (id),
                    CONSTRAINT fk_extras_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
                );
                """);
        Files.writeString(undo.resolve("U1__create_extras.sql"), "DROP TABLE extras;\n");
        if (withV2) {
            Files.writeString(migration.resolve("V2__add_extras_note.sql"),
                    "ALTER TABLE extras ADD COLUMN note TEXT;\n");
            Files.writeString(undo.resolve("U2__add_extras_note.sql"), "ALTER TABLE extras DROP COLUMN note;\n");
        }
        return MigrationSet.builder("extras").locations("filesystem:" + migration)
                .undoLocation("filesystem:" + undo).dependsOn("windsurf").build();
    }

    private DatabaseConfig.Builder config(MigrationSet... sets) {
        return DatabaseConfig.builder().url(url).credentials(engine.user(), engine.password())
                .migrationSets(List.of(sets));
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void shouldApplyStackedSetsInDependencyOrderEachWithItsOwnHistory() throws Exception {
        MigrationSet extras = extras(false);

        // given in the wrong order on purpose: dependencies decide
        try (Database db = Database.start(config(extras, windsurf).schemaPolicy(SchemaPolicy.MIGRATE).build())) {
            assertThat(db.migrationSets()).extracting(MigrationSet::name).containsExactly("windsurf", "extras");
            assertThat(db.health().migrationSets()).containsExactly(
                    new Health.SetVersion("windsurf", "3", "3"), new Health.SetVersion("extras", "1", "1"));
            assertThat(db.schemaVersion()).isEqualTo("1");
        }
        assertThat(rows("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3");
        assertThat(rows("SELECT version FROM extras_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1");
    }

    @Test
    void shouldCheckEverySetAndNameTheOneThatIsBehind() throws Exception {
        try (Database ignored = Database.start(config(windsurf, extras(false)).schemaPolicy(SchemaPolicy.MIGRATE)
                .build())) {
            // both sets at their heads
        }
        MigrationSet extrasV2 = extras(true);

        assertThatThrownBy(() -> Database.start(config(windsurf, extrasV2).schemaPolicy(SchemaPolicy.VALIDATE)
                .build()))
                .isInstanceOfSatisfying(SchemaOutOfDateException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SchemaOutOfDateException.Reason.BEHIND);
                    assertThat(e.getMessage()).contains("migration set extras", "version 1", "needs 2",
                            "V2__add_extras_note.sql");
                });
        try (Database db = Database.start(config(windsurf, extrasV2).schemaPolicy(SchemaPolicy.MIGRATE).build())) {
            assertThat(db.health().migrationSets()).containsExactly(
                    new Health.SetVersion("windsurf", "3", "3"), new Health.SetVersion("extras", "2", "2"));
        }
    }

    @Test
    void shouldRefuseToUndoASetThatAnAppliedSetDependsOnAndUndoInReverse() throws Exception {
        try (Database db = Database.start(config(windsurf, extras(true)).schemaPolicy(SchemaPolicy.MIGRATE)
                .build())) {
            assertThatThrownBy(() -> db.migrations("windsurf").downgrade("base"))
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MigrationException.Reason.DEPENDENT_SET);
                        assertThat(e.getMessage()).contains("extras (at version 2)", "Nothing was run");
                    });
            assertThat(db.migrations("windsurf").status().currentVersion()).isEqualTo("3");

            MigrationRun extrasDown = db.migrations("extras").downgrade("base");
            MigrationRun windsurfDown = db.migrations("windsurf").downgrade("base");

            assertThat(extrasDown.steps()).extracting(MigrationRun.Step::version).containsExactly("2", "1");
            assertThat(windsurfDown.steps()).extracting(MigrationRun.Step::version).containsExactly("3", "2", "1");
            assertThat(db.migrations().set().name()).isEqualTo("extras");
            MigrationRun up = db.migrations("windsurf").upgrade("head");
            assertThat(up.toVersion()).isEqualTo("3");
            assertThat(db.migrations("extras").upgrade("head").toVersion()).isEqualTo("2");
        }
    }

    @Test
    void shouldFindNoDriftAcrossStackedSets() throws Exception {
        try (Database db = Database.start(config(windsurf, extras(true)).schemaPolicy(SchemaPolicy.MIGRATE)
                .build())) {
            CheckReport windsurfReport = db.migrations("windsurf").check();
            CheckReport extrasReport = db.migrations("extras").check();

            assertThat(windsurfReport.drift()).isEmpty();
            assertThat(windsurfReport.ok()).isTrue();
            assertThat(extrasReport.drift()).isEmpty();
            assertThat(extrasReport.ok()).isTrue();
        }
    }

    @Test
    void shouldTranslateTwoFilesWithOneVersionNamingTheSet() throws Exception {
        Path migration = Files.createDirectories(files.resolve("dup/migration"));
        Files.writeString(migration.resolve("V1__first.sql"), "CREATE TABLE dup_a (id TEXT);\n");
        Files.writeString(migration.resolve("V1__second.sql"), "CREATE TABLE dup_b (id TEXT);\n");
        MigrationSet dup = MigrationSet.builder("dup").locations("filesystem:" + migration).build();

        assertThatThrownBy(() -> Database.start(config(dup).schemaPolicy(SchemaPolicy.MIGRATE).build()))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MigrationException.Reason.DUPLICATE_VERSION);
                    assertThat(e.getMessage()).contains("migration set dup", "V1__first.sql", "V1__second.sql",
                            "next free version");
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void shouldExplainATableMadeByHandInsteadOfARawFlywayError() throws Exception {
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE made_by_hand (id TEXT)");
        }

        assertThatThrownBy(() -> Database.start(config(windsurf).schemaPolicy(SchemaPolicy.MIGRATE).build()))
                .isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MigrationException.Reason.REFUSED);
                    assertThat(e.getMessage()).contains("already has tables", "flyway_schema_history",
                            "migration set windsurf", "db stamp");
                });
    }

    @Test
    void shouldRefuseAPostgresOnlySetOnSqliteAndRunItOnPostgres() throws Exception {
        Path migration = Files.createDirectories(files.resolve("pgonly/migration"));
        Files.writeString(migration.resolve("V1__create_moods.sql"),
                "CREATE TYPE mood AS ENUM ('calm', 'gusty');\nCREATE TABLE moods (id BIGINT PRIMARY KEY, m mood);\n");
        MigrationSet pgOnly = MigrationSet.builder("pgonly").locations("filesystem:" + migration)
                .postgresOnly(true).build();

        if (engine() == Engine.SQLITE) {
            assertThatThrownBy(() -> Database.start(config(pgOnly).schemaPolicy(SchemaPolicy.MIGRATE).build()))
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MigrationException.Reason.WRONG_ENGINE);
                        assertThat(e.getMessage()).contains("pgonly targets PostgreSQL only");
                    });
        } else {
            try (Database db = Database.start(config(pgOnly).schemaPolicy(SchemaPolicy.MIGRATE).build())) {
                assertThat(db.health().migrationSets()).containsExactly(new Health.SetVersion("pgonly", "1", "1"));
            }
        }
    }
}
