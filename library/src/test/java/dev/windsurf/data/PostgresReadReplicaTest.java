package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgCluster;
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
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A read replica for real: a throwaway PostgreSQL cluster as the primary and a hot standby streaming from it as the
 * replica, each stopped in turn. Never the shared server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresReadReplicaTest {

    private static final Duration PROBE = Duration.ofMillis(100);
    private static final Duration REPLICATION_BOUND = Duration.ofSeconds(10);
    private static final String DATABASE = "replicated";

    private static PgCluster primary;
    private static PgCluster standby;

    private Database db;
    private final List<ModeState> changes = new CopyOnWriteArrayList<>();
    private final List<Boolean> routing = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPrimaryAndStandby() {
        PgCluster.assumeAvailable();
        primary = PgCluster.start();
        primary.createDatabase(DATABASE);
        // Migrated once for the class; each test starts its own Database on it.
        Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
        standby = primary.startStandby();
    }

    @AfterAll
    static void stopClusters() {
        if (primary != null) {
            primary.close(); // and its standby
        }
    }

    @BeforeEach
    void bothRunningAndCaughtUp() throws SQLException {
        if (!primary.isRunning()) {
            primary.restart();
        }
        if (!standby.isRunning()) {
            standby.restart();
        }
        awaitStandbyCaughtUp();
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private Database start(String readUrl) {
        db = Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .readUrl(readUrl).schemaPolicy(SchemaPolicy.NONE).poolSize(3)
                .connectTimeout(Duration.ofSeconds(1)).connectionTimeout(Duration.ofMillis(500))
                .readOnlyProbeInterval(PROBE)
                .retry(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2))
                .listener(new DatabaseListener() {
                    @Override
                    public void onModeChanged(ModeState previous, ModeState current) {
                        changes.add(current);
                    }

                    @Override
                    public void onReadReplicaChanged(boolean inUse, String replicaUrl) {
                        routing.add(inUse);
                    }
                })
                .build());
        return db;
    }

    @Test
    void shouldServeReadsFromTheReplicaAndWritesFromThePrimary() {
        // Given a replica URL with a password (trust authentication ignores it), which must never be shown
        start(standby.jdbcUrl(DATABASE) + "?user=postgres&password=replica-secret");
        awaitReplicaVerified();

        // Then
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).as("read on the standby").isTrue();
        assertThat((boolean) db.write(PostgresReadReplicaTest::inRecovery)).as("write on the primary").isFalse();
        assertThat(db.dsl().fetchValue(DSL.field("pg_is_in_recovery()", Boolean.class))).as("dsl() on the primary")
                .isFalse();
        assertThat((boolean) db.write(tx -> db.read(PostgresReadReplicaTest::inRecovery)))
                .as("a read inside a write joins the write, on the primary").isFalse();
        assertThat((boolean) db.readFromPrimary(PostgresReadReplicaTest::inRecovery))
                .as("readFromPrimary never uses the replica").isFalse();

        Health health = db.health();
        assertThat(health.readReplicaConfigured()).isTrue();
        assertThat(health.readReplicaUrl()).isEqualTo(standby.jdbcUrl(DATABASE) + "?user=postgres&password=****");
        assertThat(health.up()).isTrue();
        assertThat(health.readReplicaInUse()).isTrue();
        assertThat(db.config().toString()).doesNotContain("replica-secret");
    }

    @Test
    void shouldMakeAWriteReadableOnTheReplicaOnceItIsReplicated() {
        start(standby.jdbcUrl(DATABASE));

        // When
        String id = db.write(tx -> insertUser(tx));
        long committed = System.nanoTime();

        // Then the replica shows it a little later (no read-your-writes), and a write transaction sees it at once
        Await.until(REPLICATION_BOUND, () -> db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id))) == 1);
        System.out.printf("A write was readable from the replica %d ms after its commit%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed));
        assertThat((int) db.write(tx -> tx.fetchCount(USERS, USERS.ID.eq(insertUser(tx))))).isEqualTo(1);
    }

    @Test
    void shouldKeepServingReadsFromTheReplicaWhileThePrimaryIsDownAndReturnToReadWriteByItself() {
        start(standby.jdbcUrl(DATABASE));
        awaitReplicaVerified();
        String before = db.write(tx -> insertUser(tx));
        Await.until(REPLICATION_BOUND, () -> db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(before))) == 1);

        // When
        primary.stop();

        // Then reads go on, from the replica
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(before)))).isEqualTo(1);
        // and writes are refused: after the first one fails its retries, at once
        writeUntilRefused();
        assertThatThrownBy(() -> db.write(tx -> insertUser(tx)))
                .isInstanceOfSatisfying(ReadOnlyModeException.class,
                        e -> assertThat(e.getCause()).as("refused without a database round trip").isNull());
        assertThat(db.readOnly().state().mode()).isEqualTo(WriteMode.READ_ONLY);
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isTrue();
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(before)))).isEqualTo(1);

        // And when the primary is back, the probe finds it and writes work again
        primary.restart();
        long restarted = System.nanoTime();
        Await.until(Duration.ofSeconds(20), () -> !db.readOnly().isReadOnly());
        System.out.printf("Back to READ_WRITE %d ms after the primary restarted%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
        String after = db.write(tx -> insertUser(tx));
        Await.until(REPLICATION_BOUND, () -> db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(after))) == 1);
        assertThat(changes).extracting(ModeState::mode).containsExactly(WriteMode.READ_ONLY, WriteMode.READ_WRITE);
    }

    @Test
    void shouldServeReadsFromThePrimaryWhileTheReplicaIsDownAndGoBackToTheReplicaWhenItReturns() {
        start(standby.jdbcUrl(DATABASE));
        awaitReplicaVerified();
        String before = db.write(tx -> insertUser(tx));
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isTrue();

        // When
        standby.stop();

        // Then reads go on, from the primary: the first one after losing its connection to the replica
        long first = System.nanoTime();
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isFalse();
        long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first);
        // and those after it without trying the replica again
        long later = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(before)))).isEqualTo(1);
        }
        long laterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - later);
        System.out.printf("Replica down: first read on the primary after %d ms, then 20 reads in %d ms%n", firstMs,
                laterMs);
        assertThat(laterMs).as("later reads do not wait for the replica").isLessThan(2_000);
        assertThat(db.health().readReplicaInUse()).as("health tells reads use the primary").isFalse();
        assertThat(routing).as("listeners heard it once").containsExactly(false);
        assertThat((String) db.write(tx -> insertUser(tx))).isNotNull();
        assertThat(db.readOnly().isReadOnly()).isFalse();
        assertThat(changes).isEmpty();

        // And when the replica is back, reads go to it again by themselves
        standby.restart();
        long restarted = System.nanoTime();
        Await.until(Duration.ofSeconds(15), () -> db.read(PostgresReadReplicaTest::inRecovery));
        System.out.printf("Reads back on the replica %d ms after it restarted%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
        assertThat(db.health().readReplicaInUse()).isTrue();
        assertThat(routing).containsExactly(false, true);
    }

    @Test
    void shouldStartWhileTheReplicaIsUnreachableAndReadFromThePrimary() {
        // Nothing listens on port 1 of the loopback
        long starting = System.nanoTime();
        start("jdbc:postgresql://127.0.0.1:1/" + DATABASE);
        System.out.printf("Started with an unreachable replica in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting));

        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isFalse();
        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isNotNegative();
        assertThat(db.health().readReplicaConfigured()).isTrue();
        assertThat(db.health().readReplicaInUse()).isFalse();
        assertThat(db.health().up()).isTrue();
    }

    /** Reads use the replica once its first health check has found it a standby; that check runs at start. */
    private void awaitReplicaVerified() {
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());
    }

    /** Writes until the database refuses one; a write that fails its retries with connection errors comes first. */
    private ReadOnlyModeException writeUntilRefused() {
        for (int i = 0; i < 10; i++) {
            try {
                db.write(tx -> insertUser(tx));
            } catch (ReadOnlyModeException e) {
                return e;
            } catch (UnavailableException e) {
                assertThat(e.sqlState()).as("only connection failures may precede the refusal").matches("08...|57P0.");
            }
        }
        throw new AssertionError("writes were never refused");
    }

    static boolean inRecovery(DSLContext tx) {
        return tx.fetchValue(DSL.field("pg_is_in_recovery()", Boolean.class));
    }

    private static String insertUser(DSLContext tx) {
        return DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Waits until the standby has replayed everything the primary had written when this was called. */
    private static void awaitStandbyCaughtUp() throws SQLException {
        String lsn;
        try (Connection c = DriverManager.getConnection(primary.jdbcUrl("postgres"), PgCluster.USER, "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            lsn = rs.getString(1);
        }
        try (Connection c = DriverManager.getConnection(standby.jdbcUrl("postgres"), PgCluster.USER, "");
                Statement st = c.createStatement()) {
            Await.until(REPLICATION_BOUND, () -> {
                try (ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
                    return rs.next() && rs.getBoolean(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
