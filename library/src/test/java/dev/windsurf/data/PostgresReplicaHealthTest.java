package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read replica's health check with real servers: a throwaway primary and hot standbys streaming from it (never
 * the shared server). A replica is used only while it is a standby, on the primary's timeline and within the maximum
 * lag; otherwise reads go to the primary, with one listener event.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresReplicaHealthTest {

    private static final String DATABASE = "replicated";
    private static final Duration CHECK = Duration.ofMillis(100);
    private static final Duration MAX_LAG = Duration.ofMillis(800);

    private PgCluster primary;
    private Database db;
    private final List<Boolean> routing = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void startPrimary() {
        PgCluster.assumeAvailable();
        primary = PgCluster.start();
        primary.createDatabase(DATABASE);
        Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
    }

    @AfterEach
    void stopAll() {
        if (db != null) {
            db.close();
        }
        if (primary != null) {
            primary.close(); // and its standbys
        }
    }

    private Database start(PgCluster writes, PgCluster reads) {
        db = Database.start(DatabaseConfig.builder().url(writes.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .readUrl(reads.jdbcUrl(DATABASE)).schemaPolicy(SchemaPolicy.NONE).poolSize(3)
                .connectTimeout(Duration.ofSeconds(1)).connectionTimeout(Duration.ofMillis(500))
                .replicaCheckInterval(CHECK).replicaMaxLag(MAX_LAG).meterRegistry(registry)
                .retry(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2))
                .listener(new DatabaseListener() {
                    @Override
                    public void onReadReplicaChanged(boolean inUse, String replicaUrl) {
                        routing.add(inUse);
                    }
                })
                .build());
        return db;
    }

    @Test
    void shouldNeverUseAPromotedStandbyAsAReplica() throws Exception {
        // Given reads on a verified standby
        PgCluster standby = primary.startStandby();
        start(primary, standby);
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isTrue();
        assertThat(registry.get("windsurf.db.replica.in.use").gauge().value()).isEqualTo(1);
        for (String pool : List.of("windsurf", "windsurf-reader")) {
            assertThat(registry.find("hikaricp.connections").tag("pool", pool).gauge()).as(pool).isNotNull();
        }

        // When the standby is promoted: it takes writes of its own and follows the primary no more
        standby.promote();
        long promoted = System.nanoTime();

        // Then reads leave it within a few checks, and never return
        Await.until(Duration.ofSeconds(10), () -> !db.health().readReplicaInUse());
        System.out.printf("Reads left the promoted standby %d ms after its promotion%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - promoted));
        String id = db.write(PostgresReplicaHealthTest::insertUser);
        for (int i = 0; i < 20; i++) {
            assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).as("read %d", i).isEqualTo(1);
            Thread.sleep(CHECK.toMillis() / 2);
        }
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isFalse();
        assertThat(count(standby, id)).as("the promoted node never received the write").isZero();
        assertThat(routing).as("listeners heard it once").containsExactly(false);
        assertThat(registry.get("windsurf.db.replica.changes").tag("in_use", "false").counter().count()).isEqualTo(1);
        assertThat(registry.get("windsurf.db.replica.in.use").gauge().value()).isZero();
        Health health = db.health();
        assertThat(health.readReplicaInUse()).isFalse();
        assertThat(health.readsUp()).isTrue();
        assertThat(health.writesUp()).isTrue();
    }

    @Test
    void shouldNotUseAStandbyThatFollowsAnotherTimelineThanThePrimarys() {
        // Given two standbys of one primary, one of them promoted (a new timeline) and made the primary
        PgCluster promoted = primary.startStandby();
        PgCluster follower = primary.startStandby();
        promoted.promote();

        // When the remaining standby, still on the old timeline, is configured as the replica of the new primary
        start(promoted, follower);

        // Then it is never used, although it is a standby
        Await.until(Duration.ofSeconds(10), () -> routing.contains(false));
        for (int i = 0; i < 10; i++) {
            assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).as("read %d", i).isFalse();
        }
        assertThat(db.health().readReplicaInUse()).isFalse();
        assertThat(routing).containsExactly(false);
    }

    @Test
    void shouldReadFromThePrimaryWhileTheReplicaLagsBeyondTheBoundAndReturnOnceCaughtUp() throws Exception {
        // Given reads on a verified standby
        PgCluster standby = primary.startStandby();
        start(primary, standby);
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());

        // When its replay stops and the primary moves on
        execute(standby, "SELECT pg_wal_replay_pause()");
        String id = db.write(PostgresReplicaHealthTest::insertUser);
        long written = System.nanoTime();

        // Then reads leave it once the lag passes the bound, and see the write
        Await.until(MAX_LAG.multipliedBy(10), () -> !db.health().readReplicaInUse());
        long leftMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
        System.out.printf("Reads left the stalled replica %d ms after the write (bound %d ms, checks every %d ms)%n",
                leftMs, MAX_LAG.toMillis(), CHECK.toMillis());
        assertThat(leftMs).isGreaterThanOrEqualTo(MAX_LAG.toMillis() - CHECK.toMillis());
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
        assertThat(count(standby, id)).as("the replica has not replayed it").isZero();
        assertThat(registry.get("windsurf.db.replica.lag").gauge().value()).isGreaterThan(MAX_LAG.toNanos() / 1e9);

        // And when replay resumes, reads return to it
        execute(standby, "SELECT pg_wal_replay_resume()");
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isTrue();
        assertThat(routing).containsExactly(false, true);
        assertThat(registry.get("windsurf.db.replica.lag").gauge().value()).isLessThan(MAX_LAG.toNanos() / 1e9);
    }

    @Test
    void shouldStayReadyForReadsWhileThePrimaryIsDownAndTheReplicaServesThem() {
        PgCluster standby = primary.startStandby();
        start(primary, standby);
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());

        primary.stop();

        // a few checks pass without the primary: the standby stays in use
        Await.until(Duration.ofSeconds(5), () -> !db.health().up());
        Health health = db.health();
        assertThat(health.readReplicaInUse()).isTrue();
        assertThat(health.readsUp()).isTrue();
        assertThat(health.writesUp()).isFalse();
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isTrue();
        assertThat(routing).isEmpty();
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

    private static int count(PgCluster cluster, String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(DATABASE), PgCluster.USER, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM users WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
