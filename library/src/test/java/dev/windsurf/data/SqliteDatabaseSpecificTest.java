package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.testsupport.TestSqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The SQLite traps listed in FACTS: foreign keys, in-memory sharing, one writer at a time. */
class SqliteDatabaseSpecificTest {

    @Test
    void shouldShareOneInMemoryDatabaseBetweenMigrationsAndEveryConnection() {
        try (Database db = Database.start(DatabaseConfig.builder().url("sqlite::memory:").build())) {
            // The migrations ran on their own connection; the pool sees their tables.
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
            String id = db.write(tx -> DatabaseContract.insertUser(tx, "mem"));
            assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
            assertThat(db.dsl().fetchCount(USERS)).isEqualTo(1);
        }
    }

    @Test
    void shouldGiveEachInMemoryDatabaseItsOwnData() {
        try (Database a = Database.start(DatabaseConfig.builder().url("sqlite::memory:").build());
             Database b = Database.start(DatabaseConfig.builder().url("sqlite::memory:").build())) {
            a.write(tx -> DatabaseContract.insertUser(tx, "only_in_a"));

            assertThat((int) b.read(tx -> tx.fetchCount(USERS))).isZero();
        }
    }

    @Test
    void shouldCreateTheDirectoryOfARelativeDatabaseFile() throws Exception {
        Path dir = TestSqlite.tempDirectory().resolve("nested-" + System.nanoTime()).resolve("data");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.toAbsolutePath());

        try (Database db = Database.start(DatabaseConfig.builder().url("sqlite:///" + relative + "/windsurf.db").build())) {
            assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        }
        assertThat(Files.isRegularFile(dir.resolve("windsurf.db"))).isTrue();
    }

    @Test
    void shouldLetTwoDatabasesOnOneFileWriteConcurrentlyWithoutBusyErrorsReachingCallers() throws Exception {
        String url = "jdbc:sqlite:" + TestSqlite.newDatabaseFile("shared");
        try (Database a = Database.start(DatabaseConfig.builder().url(url).name("a").build());
             Database b = Database.start(DatabaseConfig.builder().url(url).name("b").build())) {
            ExecutorService threads = Executors.newFixedThreadPool(6);
            List<Future<?>> done = new ArrayList<>();
            try {
                for (int t = 0; t < 6; t++) {
                    Database db = t % 2 == 0 ? a : b;
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 30; i++) {
                            String name = "p" + thread + "_" + i;
                            db.write(tx -> DatabaseContract.insertUser(tx, name));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdown();
            }
            assertThat((int) a.read(tx -> tx.fetchCount(USERS))).isEqualTo(180);
        }
    }
}
