package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read-your-writes on a real hot standby (a throwaway primary and standby, never the shared server): a write reports
 * its commit position, and a read that asks for it sees the write even while the replica's replay is paused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresReadYourWritesTest {

    private static final String DATABASE = "replicated";
    private static final Duration CATCH_UP = Duration.ofMillis(300);

    private static PgCluster primary;
    private static PgCluster standby;

    private Database db;

    @BeforeAll
    static void startPrimaryAndStandby() {
        PgCluster.assumeAvailable();
        primary = PgCluster.start();
        primary.createDatabase(DATABASE);
        Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
        standby = primary.startStandby();
    }

    @AfterAll
    static void stopClusters() {
        if (primary != null) {
            primary.close();
        }
    }

    @BeforeEach
    void start() throws SQLException {
        execute(standby, "SELECT pg_wal_replay_resume()");
        // The lag bound is far away: these tests are about positions, not about the health check.
        db = Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .readUrl(standby.jdbcUrl(DATABASE)).schemaPolicy(SchemaPolicy.NONE).poolSize(3)
                .replicaMaxLag(Duration.ofHours(1)).replicaCheckInterval(Duration.ofMillis(100))
                .replicaCatchUpTimeout(CATCH_UP).build());
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());
    }

    @AfterEach
    void stop() throws SQLException {
        if (db != null) {
            db.close();
        }
        execute(standby, "SELECT pg_wal_replay_resume()");
    }

    @Test
    void shouldSeeItsOwnWriteWhileTheReplicasReplayIsPausedByReadingFromThePrimary() throws Exception {
        // Given a replica that replays nothing
        execute(standby, "SELECT pg_wal_replay_pause()");

        // When
        String id = db.write(PostgresReadYourWritesTest::insertUser);
        CommitPosition position = db.lastCommitPosition().orElseThrow();

        // Then a plain read on the replica misses it, and a read at the position sees it
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).as("plain read").isZero();
        long started = System.nanoTime();
        assertThat((int) db.read(ReadConsistency.atLeast(position), tx -> tx.fetchCount(USERS, USERS.ID.eq(id))))
                .isEqualTo(1);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(waitedMs).as("it waited for the replica, boundedly").isBetween(CATCH_UP.toMillis(),
                CATCH_UP.toMillis() + 2_000);
        // and so does every read and query of a scope, as the services make them
        try (Database.ConsistencyScope scope = db.readingAtLeast(position)) {
            assertThat((int) db.query(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
            assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
        }
        assertThat((int) db.query(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).as("after the scope").isZero();
        assertThat(db.health().readReplicaInUse()).isTrue();
    }

    @Test
    void shouldServeAReadAtAPositionFromTheReplicaOnceItHasReplayedIt() {
        String id = db.write(PostgresReadYourWritesTest::insertUser);
        CommitPosition position = db.lastCommitPosition().orElseThrow();

        boolean onReplica = db.read(ReadConsistency.atLeast(position), PostgresReadReplicaTest::inRecovery);
        int seen = db.read(ReadConsistency.atLeast(position), tx -> tx.fetchCount(USERS, USERS.ID.eq(id)));

        assertThat(onReplica).isTrue();
        assertThat(seen).isEqualTo(1);
        String later = db.write(PostgresReadYourWritesTest::insertUser);
        assertThat(db.lastCommitPosition().orElseThrow()).isGreaterThan(position);
        assertThat(later).isNotNull();
    }

    @Test
    void shouldReportTheCostOfAReadAtAPosition() throws Exception {
        db.write(PostgresReadYourWritesTest::insertUser);
        CommitPosition position = db.lastCommitPosition().orElseThrow();
        Await.until(Duration.ofSeconds(10), () -> db.read(ReadConsistency.atLeast(position),
                PostgresReadReplicaTest::inRecovery));
        int n = 300;
        for (int i = 0; i < n; i++) { // warm-up
            db.read(tx -> tx.fetchCount(USERS));
            db.read(ReadConsistency.atLeast(position), tx -> tx.fetchCount(USERS));
        }

        // Alternate the two kinds read by read, so that the machine's other load falls on both alike.
        long[] plain = new long[3 * n];
        long[] atPosition = new long[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            long t0 = System.nanoTime();
            db.read(tx -> tx.fetchCount(USERS));
            long t1 = System.nanoTime();
            db.read(ReadConsistency.atLeast(position), tx -> tx.fetchCount(USERS));
            long t2 = System.nanoTime();
            plain[i] = t1 - t0;
            atPosition[i] = t2 - t1;
        }
        java.util.Arrays.sort(plain);
        java.util.Arrays.sort(atPosition);
        execute(standby, "SELECT pg_wal_replay_pause()");
        String id = db.write(PostgresReadYourWritesTest::insertUser);
        CommitPosition stalled = db.lastCommitPosition().orElseThrow();
        long t3 = System.nanoTime();
        int seen = db.read(ReadConsistency.atLeast(stalled), tx -> tx.fetchCount(USERS, USERS.ID.eq(id)));
        long stalledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t3);

        double plainUs = plain[plain.length / 2] / 1000.0;
        double positionUs = atPosition[atPosition.length / 2] / 1000.0;
        System.out.printf("Read on the replica, median of %d: plain %.0f us, at a replayed position %.0f us (x%.2f); "
                + "at a position the paused replica lacks: %d ms (catch-up time-out %d ms, then the primary)%n",
                plain.length, plainUs, positionUs, positionUs / plainUs, stalledMs, CATCH_UP.toMillis());
        assertThat(seen).isEqualTo(1);
        assertThat(positionUs).isPositive();
    }

    @Test
    void shouldReportTheCostOfNotingTheCommitPositionOfAWrite() {
        try (Database plain = Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE))
                .credentials(PgCluster.USER, null).schemaPolicy(SchemaPolicy.NONE).poolSize(3).build())) {
            int n = 300;
            for (int i = 0; i < n / 3; i++) { // warm-up
                plain.write(PostgresReadYourWritesTest::insertUser);
                db.write(PostgresReadYourWritesTest::insertUser);
            }
            long[] without = new long[n];
            long[] with = new long[n];
            for (int i = 0; i < n; i++) { // alternate, and swap which goes first, so that other load falls alike
                Database first = i % 2 == 0 ? plain : db;
                Database second = i % 2 == 0 ? db : plain;
                long t0 = System.nanoTime();
                first.write(PostgresReadYourWritesTest::insertUser);
                long t1 = System.nanoTime();
                second.write(PostgresReadYourWritesTest::insertUser);
                long t2 = System.nanoTime();
                without[i] = first == plain ? t1 - t0 : t2 - t1;
                with[i] = first == plain ? t2 - t1 : t1 - t0;
            }
            java.util.Arrays.sort(without);
            java.util.Arrays.sort(with);
            double withoutUs = without[n / 2] / 1000.0;
            double withUs = with[n / 2] / 1000.0;
            System.out.printf("Write of one row, median of %d: %.0f us without a replica, %.0f us noting the commit "
                    + "position (x%.2f)%n", n, withoutUs, withUs, withUs / withoutUs);
            assertThat(plain.lastCommitPosition()).isEmpty();
            assertThat(db.lastCommitPosition()).isPresent();
        }
    }

    @Test
    void shouldReportNoPositionWithoutAReadReplica() {
        try (Database alone = Database.start(DatabaseConfig.builder().url("sqlite::memory:").build())) {
            String id = alone.write(PostgresReadYourWritesTest::insertUser);
            assertThat(alone.lastCommitPosition()).isEmpty();
            assertThat((int) alone.read(ReadConsistency.atLeast(CommitPosition.parse("FFFFFFFF/0")),
                    tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
        }
    }

    private static String insertUser(DSLContext tx) {
        return DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void execute(PgCluster cluster, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(DATABASE), PgCluster.USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
