package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.TestSqlite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SQLITE_BUSY from a lock held outside the library is retried, and the write is applied once. */
class SqliteRetryFaultTest {

    @Test
    void shouldRetryAWriteBlockedByAnotherProcessesLockUntilTheLockIsReleased() throws Exception {
        String url = "jdbc:sqlite:" + TestSqlite.newDatabaseFile("busy");
        List<String> retries = new CopyOnWriteArrayList<>();
        try (Database db = Database.start(DatabaseConfig.builder().url(url).busyTimeout(Duration.ZERO)
                .retry(new RetrySettings(8, Duration.ofMillis(50), Duration.ofMillis(400), 0.1))
                .listener(new DatabaseListener() {
                    @Override
                    public void onRetry(int attempt, String sqlState, Throwable cause) {
                        retries.add(sqlState);
                    }
                }).build())) {
            CountDownLatch locked = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> {
                try (Connection other = DriverManager.getConnection(url); Statement st = other.createStatement()) {
                    st.execute("BEGIN EXCLUSIVE");
                    locked.countDown();
                    Thread.sleep(400);
                    st.execute("COMMIT");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(locked.await(5, TimeUnit.SECONDS)).isTrue();

            String id = db.write(tx -> DatabaseContract.insertUser(tx, "patient"));

            holder.join();
            assertThat(retries).isNotEmpty().allMatch(code -> code.startsWith("SQLITE:5"));
            assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
            assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isEqualTo(1);
        }
    }
}
