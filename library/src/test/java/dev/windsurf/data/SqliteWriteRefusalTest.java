package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.TestSqlite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every way a file system can refuse an SQLite database's writes enters READ_ONLY mode (a 503 in a service, with
 * Retry-After), never a permanent error, and the mode ends by itself when the writes work again, without flapping
 * while they do not: the immutable attribute ({@code chattr +i}, which binds root too, and which SQLite meets as
 * SQLITE_IOERR_WRITE, as it meets a read-only mount) and a full file system (a small tmpfs). A page limit
 * ({@code max_page_count}) is {@link SqliteReadOnlyTest}'s fault. Linux refuses to remount a file system read-only
 * while a file on it is open for writing (EBUSY), so a read-only mount under an open database cannot be staged here.
 * Each test needs root and the {@code chattr} or {@code mount} command; without them it is skipped and says what is
 * missing.
 */
class SqliteWriteRefusalTest {

    private static final Duration PROBE = Duration.ofMillis(100);

    private final List<List<String>> undo = new ArrayList<>();
    private final List<ModeState> changes = new CopyOnWriteArrayList<>();
    private Database db;

    @AfterEach
    void healAndClose() throws Exception {
        if (db != null) {
            db.close();
        }
        for (List<String> command : undo.reversed()) {
            run(command, false);
        }
    }

    private Database start(Path file) {
        db = Database.start(DatabaseConfig.builder().url("jdbc:sqlite:" + file).readOnlyProbeInterval(PROBE)
                .retry(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2))
                .listener(new DatabaseListener() {
                    @Override
                    public void onModeChanged(ModeState previous, ModeState current) {
                        changes.add(current);
                    }
                }).build());
        for (int i = 0; i < 20; i++) {
            db.write(tx -> insertUser(tx));
        }
        return db;
    }

    @Test
    void shouldEnterReadOnlyWhenTheDatabaseFileBecomesImmutableAndLeaveItWhenItIsWritableAgain() throws Exception {
        assumeRootWith("chattr");
        Path file = TestSqlite.newDatabaseFile("immutable");
        start(file);

        // The database file alone would not do: SQLite goes on appending to its WAL, and a failed checkpoint into the
        // immutable file is silent. The database is its file and its WAL. (Not the shared-memory index: SQLite maps it
        // into memory, and an immutable mapped file kills the process with SIGBUS, which is not what is tested here.)
        List<String> files = new ArrayList<>();
        for (String suffix : List.of("", "-wal")) {
            Path part = Path.of(file + suffix);
            if (Files.exists(part)) {
                files.add(part.toString());
            }
        }
        List<String> heal = new ArrayList<>(List.of("chattr", "-i"));
        heal.addAll(files);
        undo.add(heal);
        List<String> inject = new ArrayList<>(List.of("chattr", "+i"));
        inject.addAll(files);
        run(inject, true);

        assertRefusedAsReadOnly();
        assertNoFlapping();
        run(heal, true);
        assertWritesWorkAgain();
    }

    @Test
    void shouldEnterReadOnlyOnAFullFileSystemAndLeaveItOnlyOnceANewPageFits() throws Exception {
        assumeRootWith("mount");
        Path dir = Files.createTempDirectory(TestSqlite.tempDirectory(), "full-disk");
        mountTmpfs(dir, "4m");
        start(dir.resolve("app.db"));
        Path filler = dir.resolve("filler");
        fill(filler);

        assertRefusedAsReadOnly();
        assertNoFlapping();
        Files.delete(filler);
        assertWritesWorkAgain();
    }

    private void assertRefusedAsReadOnly() {
        ReadOnlyModeException refused = null;
        for (int i = 0; i < 2_000 && refused == null; i++) {
            try {
                // 100 rows at a time: enough to grow the WAL past SQLite's checkpoint threshold (1000 pages) soon, and
                // a checkpoint is what writes into the database file itself.
                db.write(tx -> {
                    for (int row = 0; row < 100; row++) {
                        insertUser(tx);
                    }
                    return tx.fetchCount(USERS);
                });
            } catch (ReadOnlyModeException e) {
                refused = e;
            } catch (TransactionOutcomeUnknownException e) {
                // an I/O error while committing: the write may or may not be in the file; READ_ONLY all the same
                assertThat(db.readOnly().isReadOnly()).isTrue();
            }
        }
        assertThat(refused).as("a write refused with ReadOnlyModeException").isNotNull();
        assertThat(db.readOnly().isReadOnly()).isTrue();
        assertThat(db.health().mode().readOnly()).isTrue();
    }

    /** While the fault lasts, the probe must not end the mode (it would flap with every probe interval). */
    private void assertNoFlapping() throws InterruptedException {
        int before = changes.size();
        Thread.sleep(PROBE.multipliedBy(10).toMillis());
        for (int i = 0; i < 20; i++) {
            try {
                db.write(tx -> insertUser(tx));
            } catch (ReadOnlyModeException expected) {
                // refused, as it must be
            }
        }
        assertThat(changes.subList(before, changes.size())).as("mode changes while the fault lasts").isEmpty();
        assertThat(db.readOnly().isReadOnly()).isTrue();
    }

    private void assertWritesWorkAgain() {
        Await.until(Duration.ofSeconds(10), () -> !db.readOnly().isReadOnly());
        String id = db.write(tx -> insertUser(tx));
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
    }

    private void mountTmpfs(Path dir, String size) throws Exception {
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()), true);
        undo.add(List.of("umount", "-l", dir.toString()));
    }

    /** Fills the file system until it has no byte left. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // no space left on the device
        }
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // not one more byte
        }
    }

    private static void assumeRootWith(String command) {
        String user = System.getProperty("user.name");
        Assumptions.assumeTrue("root".equals(user), "needs root to change file attributes and mounts; runs as "
                + user);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin", command))
                        || Files.isExecutable(Path.of("/bin", command)) || Files.isExecutable(Path.of("/sbin", command))
                        || Files.isExecutable(Path.of("/usr/sbin", command)),
                "needs the '" + command + "' command (Debian: e2fsprogs for chattr, mount for mount)");
    }

    private static void run(List<String> command, boolean check) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish");
        }
        if (check && p.exitValue() != 0) {
            Assumptions.abort(String.join(" ", command) + " failed here (exit " + p.exitValue() + "): " + output.strip());
        }
    }

    private static String insertUser(org.jooq.DSLContext tx) {
        return DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
    }
}
