package dev.windsurf.data.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PgClusterTest {

    private PgCluster cluster;

    @BeforeEach
    void startCluster() {
        PgCluster.assumeAvailable();
        long start = System.nanoTime();
        cluster = PgCluster.start();
        System.out.printf("PgCluster on port %d started in %d ms%n", cluster.port(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        cluster.createDatabase("app");
    }

    @AfterEach
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldServeTheDatabaseOnLoopback() throws SQLException {
        assertThat(cluster.jdbcUrl("app")).isEqualTo("jdbc:postgresql://127.0.0.1:" + cluster.port() + "/app");
        assertThat(cluster.port()).isNotEqualTo(5432);
        assertThat(cluster.isRunning()).isTrue();

        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('data_directory'), current_user")) {
            rs.next();
            assertThat(Path.of(rs.getString(1))).isEqualTo(cluster.dataDirectory());
            assertThat(rs.getString(2)).isEqualTo("postgres");
        }
    }

    @Test
    void shouldRefuseConnectionsWhileStoppedAndKeepDataAcrossRestart() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
            st.execute("INSERT INTO kept VALUES (1), (2)");

            // When
            cluster.stop();

            // Then: the open session was ended by the shutdown, and new connections are refused
            assertThat(cluster.isRunning()).isFalse();
            assertThat(sqlStateOf(() -> st.execute("SELECT 1"))).isEqualTo("57P01");
        }
        assertThat(sqlStateOf(this::connect)).isEqualTo("08001");

        // And when started again, the data is still there on the same port
        int port = cluster.port();
        cluster.restart();
        assertThat(cluster.isRunning()).isTrue();
        assertThat(cluster.port()).isEqualTo(port);
        assertThat(countKept()).isEqualTo(2);
    }

    @Test
    void shouldGiveAPoolAConnectionStateWhileStopped() throws SQLException {
        cluster.stop();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.jdbcUrl("app"));
        config.setUsername(PgCluster.USER);
        config.setConnectionTimeout(500);
        config.setInitializationFailTimeout(-1);
        config.setPoolName("pg-cluster-test");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            SQLTransientConnectionException failure =
                    catchThrowableOfType(SQLTransientConnectionException.class, pool::getConnection);

            assertThat((Throwable) failure).isNotNull();
            assertThat(failure.getSQLState()).isEqualTo("08001");

            // And once restarted, the pool connects again (after its own back-off between attempts)
            cluster.restart();
            assertThat(borrowWithin(pool, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void shouldDropOpenSessionsOnKillAndRecoverCommittedData() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
            st.execute("INSERT INTO kept VALUES (1)");

            // When
            cluster.kill();

            // Then
            assertThat(cluster.isRunning()).isFalse();
            assertThat(sqlStateOf(() -> st.execute("SELECT 1"))).matches("08...|57P0.");
        }

        // And crash recovery keeps what was committed
        cluster.restart();
        assertThat(countKept()).isEqualTo(1);
    }

    @Test
    void shouldRestartARunningCluster() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
        }

        cluster.restart();

        assertThat(cluster.isRunning()).isTrue();
        assertThat(countKept()).isZero();
    }

    @Test
    void shouldStopAndDeleteTheDataDirectoryOnClose() throws SQLException {
        Path data = cluster.dataDirectory();
        assertThat(data.resolve("PG_VERSION")).exists();

        // When
        cluster.close();
        cluster.close();

        // Then
        assertThat(data).doesNotExist();
        assertThat(data.getParent()).doesNotExist();
        assertThat(cluster.isRunning()).isFalse();
        assertThat(sqlStateOf(this::connect)).isEqualTo("08001");
        assertThatThrownBy(cluster::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldRejectADatabaseNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> cluster.createDatabase("app; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database name must match");
    }

    @Test
    void shouldSayWhichBinariesAreMissing() {
        Path nowhere = Path.of("/nonexistent/postgresql/bin");

        assertThatThrownBy(() -> PgCluster.start(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL server binaries missing")
                .hasMessageContaining(nowhere.resolve("initdb").toString());
    }

    @Test
    void shouldStartAHotStandbyThatServesReadsRefusesWritesAndFollowsThePrimary() throws SQLException {
        // Given
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
            st.execute("INSERT INTO kept VALUES (1), (2)");
        }

        // When
        long start = System.nanoTime();
        PgCluster standby = cluster.startStandby();
        System.out.printf("Standby on port %d started in %d ms%n", standby.port(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

        // Then: it is a running standby of its own, holding the primary's data and refusing writes
        assertThat(standby.port()).isNotEqualTo(cluster.port()).isNotEqualTo(5432);
        assertThat(standby.dataDirectory()).isNotEqualTo(cluster.dataDirectory());
        assertThat(standby.isRunning()).isTrue();
        try (Connection c = connect(standby); Statement st = c.createStatement()) {
            assertThat(inRecovery(st)).isTrue();
            assertThat(count(st)).isEqualTo(2);
            assertThat(sqlStateOf(() -> st.execute("INSERT INTO kept VALUES (3)"))).isEqualTo("25006");
        }

        // And a row committed on the primary shows on the standby
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO kept VALUES (3)");
        }
        long committed = System.nanoTime();
        try (Connection c = connect(standby); Statement st = c.createStatement()) {
            Await.until(Duration.ofSeconds(10), () -> count(st) == 3);
        }
        System.out.printf("A commit on the primary showed on the standby after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed));
    }

    @Test
    void shouldMakeAPromotedStandbyWritableAndCloseStandbysWithTheirPrimary() throws SQLException {
        PgCluster standby = cluster.startStandby();
        assertThatThrownBy(cluster::promote).as("a primary cannot be promoted")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("promote");

        // When
        standby.promote();

        // Then
        try (Connection c = connect(standby); Statement st = c.createStatement()) {
            assertThat(inRecovery(st)).isFalse();
            st.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
            st.execute("INSERT INTO kept VALUES (1)");
            assertThat(count(st)).isEqualTo(1);
        }

        // And closing the primary closes its standby too
        Path standbyData = standby.dataDirectory();
        cluster.close();
        assertThat(standby.isRunning()).isFalse();
        assertThat(standbyData).doesNotExist();
    }

    private static boolean borrowWithin(HikariDataSource pool, Duration patience) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try (Connection c = pool.getConnection()) {
                return c.isValid(2);
            } catch (SQLTransientConnectionException stillBackingOff) {
                if (System.nanoTime() > deadline) {
                    throw stillBackingOff;
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        return connect(cluster);
    }

    private static Connection connect(PgCluster server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("app"), PgCluster.USER, "");
    }

    private static boolean inRecovery(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Rows in {@code kept}; unchecked, for polling. */
    private static long count(Statement st) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM kept")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long countKept() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM kept")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String sqlStateOf(ThrowingCallable call) {
        SQLException failure = catchThrowableOfType(SQLException.class, call);
        assertThat((Throwable) failure).as("an SQLException").isNotNull();
        return failure.getSQLState();
    }
}
