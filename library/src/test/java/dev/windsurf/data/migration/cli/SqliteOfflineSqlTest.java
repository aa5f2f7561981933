package dev.windsurf.data.migration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SqliteOfflineSqlTest extends OfflineSqlContract {

    private Connection keeper;

    @Override
    protected Engine engine() {
        return Engine.SQLITE;
    }

    /** The SHA-256 of the database file and of its -wal (or "absent"): byte for byte. */
    @Override
    protected String fingerprint(String url) throws Exception {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return "file " + hash(file) + ", wal " + hash(wal);
    }

    private static String hash(Path file) throws Exception {
        if (!Files.exists(file)) {
            return "absent";
        }
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length + " bytes " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Override
    protected List<String> catalog(String url) throws Exception {
        return rows(url, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name");
    }

    /** A connection held open in WAL mode that never checkpoints: what the migrations write stays in the -wal. */
    @Override
    protected void prepareForFingerprint(String url) throws Exception {
        keeper = DriverManager.getConnection(url);
        try (Statement st = keeper.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA wal_autocheckpoint = 0");
            st.execute("PRAGMA user_version = 0");
        }
    }

    @Override
    protected void releaseFingerprint() throws Exception {
        if (keeper != null) {
            keeper.close();
            keeper = null;
        }
    }

    @AfterEach
    void closeKeeper() throws Exception {
        releaseFingerprint();
    }

    @Test
    void shouldReadHistoryThatIsStillInTheWalWithoutTouchingEitherFile() throws Exception {
        // Given a database whose migrations so far are only in its -wal (another connection keeps it open)
        String url = engine.newUrl();
        prepareForFingerprint(url);
        assertThat(db(url, "upgrade", "2", "--schema", "windsurf").exitCode()).isZero();
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        assertThat(Files.size(file.resolveSibling(file.getFileName() + "-wal"))).isPositive();
        String before = fingerprint(url);

        // When the rest is written out and dry-run
        CommandRun sql = db(url, "upgrade", "--sql", "--schema", "windsurf");
        CommandRun dry = db(url, "upgrade", "--dry-run", "--schema", "windsurf");

        // Then both start from version 2, read from the -wal, and neither file changed by a byte
        assertThat(sql.out()).as(sql.both()).contains("upgrade from version 2 to 3, 1 migration(s)");
        assertThat(dry.out()).as(dry.both()).contains("would apply V3__create_projects.sql", "would reach version 3");
        assertThat(fingerprint(url)).isEqualTo(before);
    }

    @Test
    void shouldRefuseToDryRunAnInMemoryDatabaseRatherThanMigrateIt() throws Exception {
        // Given a shared in-memory database of this process at version 1, kept alive by a connection
        String memory = "jdbc:sqlite:file:offline-" + System.nanoTime() + "?mode=memory&cache=shared";
        try (Connection keep = DriverManager.getConnection(memory)) {
            migrate(memory, windsurf, "1");

            // When a dry run is asked for
            CommandRun dry = db(memory, "upgrade", "--dry-run", "--schema", "windsurf");

            // Then it is refused, and the database is still at version 1
            assertThat(dry.exitCode()).as(dry.both()).isEqualTo(DbCommand.USAGE);
            assertThat(dry.err()).startsWith("FAILED: --dry-run on SQLite runs on a copy").contains("--sql");
            assertThat(history(memory, "flyway_schema_history")).hasSize(1);
            CommandRun sql = db(memory, "upgrade", "--sql", "--schema", "windsurf");
            assertThat(sql.out()).as(sql.both()).contains("upgrade from version 1 to 3");
            assertThat(history(memory, "flyway_schema_history")).hasSize(1);
        }
    }

    @Test
    void shouldNotCreateAFileThatDoesNotExist() {
        Path missing = files.resolve("missing.db");

        CommandRun run = db("jdbc:sqlite:" + missing, "upgrade", "--sql");

        assertThat(run.exitCode()).as(run.both()).isEqualTo(DbCommand.USAGE);
        assertThat(run.err()).startsWith("FAILED: There is no database at").contains("--from base");
        assertThat(Files.exists(missing)).isFalse();
    }
}
