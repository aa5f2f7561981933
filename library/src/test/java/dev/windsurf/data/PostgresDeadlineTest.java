package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.FaultProxy;
import dev.windsurf.data.testsupport.PgCluster;
import dev.windsurf.data.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Time limits that hold under real faults on PostgreSQL: the driver's time-outs reach the driver, every call ends
 * within its operation time-out however the server or the network misbehaves (connections black-holed, a frozen
 * server, a stopped one), and a write whose {@code COMMIT} was sent but never answered is reported as
 * outcome-unknown.
 */
class PostgresDeadlineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** The slack a call may take beyond its deadline: closing a connection, building the exception. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    private static PgCluster cluster;
    private static int databases;

    private TestPostgres.ThrowawayDatabase database;
    private FaultProxy proxy;
    private Database db;

    @AfterEach
    void closeEverything() {
        if (db != null) {
            db.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DatabaseConfig.Builder settings() {
        return DatabaseConfig.builder().operationTimeout(DEADLINE).readOnlyProbeInterval(Duration.ofMillis(200))
                .retry(new RetrySettings(5, Duration.ofMillis(20), Duration.ofMillis(200), 0.2));
    }

    /** A migrated database on the shared server, reached through a fault proxy. */
    private Database startBehindProxy(DatabaseConfig.Builder settings) {
        database = TestPostgres.create();
        Flyway.configure().dataSource(database.url(), TestPostgres.USER, TestPostgres.PASSWORD).load().migrate();
        proxy = FaultProxy.start(TestPostgres.host(), TestPostgres.port());
        db = Database.start(settings.url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name()
                // prepareThreshold=0: COMMIT goes out as text on every connection, so that the proxy can see it.
                + "?sslmode=disable&prepareThreshold=0").credentials(TestPostgres.USER, TestPostgres.PASSWORD).poolSize(3).build());
        return db;
    }

    /** A migrated database on a throwaway cluster of this class's own, which the test may freeze or stop. */
    private Database startOnOwnCluster(DatabaseConfig.Builder settings) {
        PgCluster.assumeAvailable();
        if (cluster == null) {
            cluster = PgCluster.start();
        }
        String name = "deadline_" + ++databases;
        cluster.createDatabase(name);
        db = Database.start(settings.url(cluster.jdbcUrl(name)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).poolSize(3).build());
        return db;
    }

    @Test
    void shouldHandTheSocketTimeOutToTheDriverOfEveryPooledConnection() throws Exception {
        startBehindProxy(settings().socketTimeout(Duration.ofSeconds(7)));

        try (Connection connection = db.dataSource().getConnection()) {
            assertThat(connection.getNetworkTimeout()).as("pgjdbc's socketTimeout, in ms").isEqualTo(7_000);
        }
    }

    @Test
    void shouldEndEveryCallWithinItsDeadlineWhileThePoolsOwnConnectionsAreBlackHoledThenReplaceThem() {
        startBehindProxy(settings());
        for (int i = 0; i < 3; i++) {
            db.write(tx -> insertUser(tx));
            db.read(tx -> tx.fetchCount(USERS));
        }

        proxy.blackholeOpenConnections();

        Failure write = timed(() -> db.write(tx -> insertUser(tx)));
        assertThat(write.thrown()).isInstanceOfAny(UnavailableException.class, ReadOnlyModeException.class);
        assertThat(write.took()).isLessThan(DEADLINE.plus(SLACK));
        // Succeeds or fails, depending on whether the probe has replaced the pool's connections yet; either way, soon.
        Failure read = timed(() -> db.read(tx -> tx.fetchCount(USERS)));
        assertThat(read.took()).isLessThan(DEADLINE.plus(SLACK));

        // New connections flow: the stuck ones were evicted, and writes work again without the fault healing.
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                db.write(tx -> insertUser(tx));
                return true;
            } catch (DataException e) {
                return false;
            }
        });
    }

    @Test
    void shouldReportAWriteWhoseCommitWasSentButNeverAnsweredAsOutcomeUnknownAndNeverAsNotWritten() {
        startBehindProxy(settings());
        db.write(tx -> insertUser(tx));
        String username = "late_" + UUID.randomUUID().toString().substring(0, 8);

        proxy.holdWhenClientSends("COMMIT".getBytes(StandardCharsets.US_ASCII));
        Failure write = timed(() -> db.write(tx -> DatabaseContract.insertUser(tx, username)));

        assertThat(write.thrown()).isInstanceOf(TransactionOutcomeUnknownException.class);
        assertThat(write.took()).isLessThan(DEADLINE.plus(SLACK));
        proxy.releaseHeld();
        // The held COMMIT reaches the server after all: the caller was right to be told "unknown".
        Await.until(Duration.ofSeconds(10), () -> db.read(tx -> tx.fetchCount(USERS, USERS.USERNAME.eq(username))) == 1);
    }

    @Test
    void shouldEndEveryCallWithinItsDeadlineWhileTheServerIsFrozenAndWriteAgainAfterItThaws() {
        startOnOwnCluster(settings());
        db.write(tx -> insertUser(tx));

        cluster.freeze();
        try {
            Failure write = timed(() -> db.write(tx -> insertUser(tx)));
            assertThat(write.thrown()).isInstanceOfAny(UnavailableException.class, ReadOnlyModeException.class);
            assertThat(write.took()).isLessThan(DEADLINE.plus(SLACK));
            Failure read = timed(() -> db.read(tx -> tx.fetchCount(USERS)));
            assertThat(read.thrown()).isInstanceOf(UnavailableException.class);
            assertThat(read.took()).isLessThan(DEADLINE.plus(SLACK));
        } finally {
            cluster.thaw();
        }

        Await.until(Duration.ofSeconds(5), () -> {
            try {
                db.write(tx -> insertUser(tx));
                return true;
            } catch (DataException e) {
                return false;
            }
        });
    }

    @Test
    void shouldRefuseWritesAtOnceAndFailReadsFastWhenTheServerIsStopped() throws Exception {
        // The pool's own time-out stays at its default of 5 s: a refused connection must not wait for it.
        startOnOwnCluster(settings().operationTimeout(Duration.ofSeconds(5)));
        db.write(tx -> insertUser(tx));

        cluster.stop();
        Thread.sleep(700); // idle long enough that the pool checks its connections before handing one out
        try {
            Failure first = timed(() -> db.write(tx -> insertUser(tx)));
            assertThat(first.thrown()).isInstanceOf(ReadOnlyModeException.class);
            assertThat(first.took()).as("the first write after the stop").isLessThan(Duration.ofSeconds(1));
            assertThat(db.readOnly().isReadOnly()).isTrue();
            Failure read = timed(() -> db.read(tx -> tx.fetchCount(USERS)));
            assertThat(read.thrown()).isInstanceOf(UnavailableException.class);
            assertThat(read.took()).as("a read without a replica").isLessThan(Duration.ofSeconds(2));
        } finally {
            cluster.restart();
        }
        Await.until(Duration.ofSeconds(5), () -> !db.readOnly().isReadOnly());
        String written = db.write(tx -> insertUser(tx));
        assertThat(written).isNotNull();
    }

    private static String insertUser(org.jooq.DSLContext tx) {
        return DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** How a call ended: what it threw (null when it returned) and how long it took. */
    private record Failure(Exception thrown, Duration took) {
    }

    private static Failure timed(Callable<?> call) {
        long start = System.nanoTime();
        Exception thrown = null;
        try {
            call.call();
        } catch (Exception e) {
            thrown = e;
        }
        return new Failure(thrown, Duration.ofNanos(System.nanoTime() - start));
    }
}
