package dev.windsurf.data.internal.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.pool.DirectConnections;
import dev.windsurf.data.migration.Migration;
import dev.windsurf.data.migration.MigrationSettings;
import dev.windsurf.data.migration.MigrationStatus;
import dev.windsurf.data.testsupport.EngineUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status read with plain SQL (what {@code db current}, {@code history} and a no-op {@code upgrade} use, without
 * starting Flyway) is exactly the status Flyway's {@code info()} gives, in every state the plain reader models, and
 * the reader steps aside (Flyway answers) for the histories and files it does not model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PlainHistoryContract {

    private static final Path PROJECT_DB = Path.of("..", "src-migrations", "src", "main", "resources", "db");

    private EngineUnderTest engine;
    private String url;
    @TempDir
    Path tmp;
    private Path migrations;

    protected abstract Engine engine();

    @BeforeAll
    void start() {
        engine = new EngineUnderTest(engine());
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @BeforeEach
    void freshDatabaseAndACopyOfTheMigrations() throws IOException {
        url = engine.newUrl();
        migrations = tmp.resolve("migration");
        Path undo = tmp.resolve("undo");
        Files.createDirectories(migrations);
        Files.createDirectories(undo);
        for (String dir : new String[] {"migration", "undo"}) {
            try (Stream<Path> files = Files.list(PROJECT_DB.resolve(dir))) {
                for (Path f : files.toList()) {
                    Files.copy(f, tmp.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
    }

    @Test
    void shouldAgreeWithFlywayOnADatabaseWithoutHistory() throws Exception {
        MigrationStatus status = assertSameAsFlyway(classpath(), true);

        assertThat(status.currentVersion()).isNull();
        assertThat(status.pending()).hasSize(3);
    }

    @Test
    void shouldAgreeWithFlywayPartlyAppliedAndAtHead() throws Exception {
        flyway("classpath:db/migration").target("2").load().migrate();
        assertThat(assertSameAsFlyway(classpath(), true).pending()).extracting(Migration::version)
                .containsExactly("3");

        flyway("classpath:db/migration").load().migrate();
        MigrationStatus head = assertSameAsFlyway(classpath(), true);
        assertThat(head.upToDate()).isTrue();
        assertThat(head.all()).allSatisfy(m -> assertThat(m.checksum()).isEqualTo(Migration.Checksum.MATCHES));
    }

    @Test
    void shouldAgreeWithFlywayOnAChangedFile() throws Exception {
        flyway(files()).load().migrate();
        Path v2 = single("V2__");
        Files.writeString(v2, Files.readString(v2) + "\n-- changed after it was applied\n");

        MigrationStatus status = assertSameAsFlyway(settings(), true);

        assertThat(status.all()).filteredOn(m -> m.version().equals("2")).extracting(Migration::checksum)
                .containsExactly(Migration.Checksum.CHANGED);
    }

    @Test
    void shouldAgreeWithFlywayOnWindowsLineBreaksAndAByteOrderMark() throws Exception {
        Path v1 = single("V1__");
        Files.writeString(v1, "\uFEFF" + Files.readString(v1).replace("\n", "\r\n"), StandardCharsets.UTF_8);
        flyway(files()).load().migrate();

        MigrationStatus status = assertSameAsFlyway(settings(), true);

        assertThat(status.all()).allSatisfy(m -> assertThat(m.checksum()).isEqualTo(Migration.Checksum.MATCHES));
    }

    @Test
    void shouldAgreeWithFlywayOnMissingAndUnknownFiles() throws Exception {
        flyway(files()).load().migrate();
        Files.delete(single("V2__"));
        assertThat(assertSameAsFlyway(settings(), true).all()).filteredOn(m -> m.version().equals("2"))
                .extracting(Migration::state).containsExactly(Migration.State.MISSING_FILE);

        Files.delete(single("V3__"));
        assertThat(assertSameAsFlyway(settings(), true).all()).filteredOn(m -> m.version().equals("3"))
                .extracting(Migration::state).containsExactly(Migration.State.FUTURE);
    }

    @Test
    void shouldAgreeWithFlywayOnAFileBelowTheNewestAppliedVersion() throws Exception {
        Path v2 = single("V2__");
        Path aside = tmp.resolve(v2.getFileName());
        Files.move(v2, aside);
        // V3 depends on V2's table: V3 is replaced by one that does not
        Files.writeString(single("V3__"), "CREATE TABLE standalone (id TEXT PRIMARY KEY);\n");
        flyway(files()).load().migrate();
        Files.move(aside, v2);

        MigrationStatus status = assertSameAsFlyway(settings(), true);

        assertThat(status.all()).filteredOn(m -> m.version().equals("2")).extracting(Migration::state)
                .containsExactly(Migration.State.IGNORED);
    }

    @Test
    void shouldAgreeWithFlywayOnAMigrationInASubdirectory() throws Exception {
        flyway(files()).load().migrate();
        Files.createDirectories(migrations.resolve("later"));
        Files.writeString(migrations.resolve("later").resolve("V4__add_notes.sql"),
                "CREATE TABLE notes (id TEXT PRIMARY KEY);\n");

        MigrationStatus status = assertSameAsFlyway(settings(), true);

        assertThat(status.pending()).extracting(Migration::script).containsExactly("later/V4__add_notes.sql");
    }

    @Test
    void shouldLeaveAFailedRecordOrARepeatableMigrationToFlyway() throws Exception {
        flyway(files()).load().migrate();
        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement()) {
            st.execute("UPDATE flyway_schema_history SET success = " + (engine() == Engine.POSTGRESQL ? "false" : "0")
                    + " WHERE version = '3'");
        }
        MigrationStatus failed = assertSameAsFlyway(settings(), false);
        assertThat(failed.all()).filteredOn(m -> m.version().equals("3")).extracting(Migration::state)
                .containsExactly(Migration.State.FAILED);

        try (Connection c = DriverManager.getConnection(url, engine.user(), engine.password());
             Statement st = c.createStatement()) {
            st.execute("UPDATE flyway_schema_history SET success = " + (engine() == Engine.POSTGRESQL ? "true" : "1"));
        }
        Files.writeString(migrations.resolve("R__views.sql"), "SELECT 1;\n");
        assertSameAsFlyway(settings(), false);
    }

    /**
     * Asserts that the status equals Flyway's, and whether the plain reader answered it (true) or left it to
     * Flyway (false).
     */
    private MigrationStatus assertSameAsFlyway(MigrationSettings settings, boolean plain) throws Exception {
        DataSource dataSource = DirectConnections.of(DatabaseConfig.builder().url(url)
                .credentials(engine.user(), engine.password()).build(), false);
        MigrationLifecycle lifecycle = new MigrationLifecycle("test", dataSource, engine(), settings);
        MigrationStatus flyway = lifecycle.flywayStatus();
        MigrationStatus status = lifecycle.status();
        try (Connection c = dataSource.getConnection()) {
            Optional<MigrationStatus> read = PlainHistory.read(c, engine(), settings.historyTable(),
                    new MigrationFiles(getClass().getClassLoader(), settings.locations(), settings.undoLocation()),
                    getClass().getClassLoader());
            assertThat(read.isPresent()).as("read without Flyway").isEqualTo(plain);
        }
        assertThat(status).isEqualTo(flyway);
        return status;
    }

    private MigrationSettings classpath() {
        return MigrationSettings.ofDefaults();
    }

    private MigrationSettings settings() {
        return MigrationSettings.builder().locations(files()).undoLocation("filesystem:" + tmp.resolve("undo"))
                .build();
    }

    private String files() {
        return "filesystem:" + migrations.toAbsolutePath();
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway(String location) {
        return Flyway.configure().dataSource(url, engine.user(), engine.password()).locations(location);
    }

    private Path single(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(migrations)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
            assertThat(found).hasSize(1);
            return found.getFirst();
        }
    }
}
