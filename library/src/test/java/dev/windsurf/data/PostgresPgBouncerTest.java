package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgBouncer;
import dev.windsurf.data.testsupport.PgCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The library behind a real PgBouncer in transaction pooling mode (its own, on a free port, in front of a throwaway
 * cluster; installed with apt-get when missing, see {@link PgBouncer}). Two server sessions serve every client, so
 * consecutive transactions of one connection run on different sessions.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostgresPgBouncerTest {

    private static final String DATABASE = "pooled";

    private PgCluster server;
    private PgBouncer bouncer;
    private Database db;

    @BeforeEach
    void start() {
        PgCluster.assumeAvailable();
        server = PgCluster.start();
        server.createDatabase(DATABASE);
        // Migrations need a direct connection: the set-up migrates past PgBouncer, as an operator would
        Database.start(DatabaseConfig.builder().url(server.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
        bouncer = PgBouncer.start(server.port());
    }

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
        if (bouncer != null) {
            bouncer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private DatabaseConfig.Builder through(String url) {
        return DatabaseConfig.builder().url(url).credentials(PgCluster.USER, null).schemaPolicy(SchemaPolicy.VALIDATE)
                .poolSize(4).connectTimeout(Duration.ofSeconds(2)).connectionTimeout(Duration.ofSeconds(2))
                .readOnlyProbeInterval(Duration.ofMillis(200))
                .retry(new RetrySettings(8, Duration.ofMillis(20), Duration.ofMillis(100), 0.2));
    }

    /** Reads and writes from 4 threads, the same statements over and over; returns the failures' SQLStates. */
    private static List<String> load(Database db) throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try {
                            db.read(tx -> tx.fetchCount(USERS, USERS.USERNAME.like("u%")));
                            db.write(PostgresPgBouncerTest::insertUser);
                        } catch (DataException e) {
                            failures.add(String.valueOf(e.sqlState()));
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return failures;
    }

    @Test
    void shouldFailThroughTransactionPoolingWhenNotToldAboutIt() throws Exception {
        // Reproduces why the option exists: pgjdbc prepares a statement on the server after 5 uses on a connection,
        // and the next transaction of that connection runs on a server session that does not know it
        db = Database.start(through(bouncer.jdbcUrl(DATABASE)).build());
        List<String> failures = load(db);
        System.out.println("Through PgBouncer (transaction mode) without pooler=transaction: " + failures.size()
                + " of 320 operations failed, SQLStates " + new java.util.TreeSet<>(failures));
        assertThat(failures).isNotEmpty().containsAnyOf("26000", "42P05");
    }

    @Test
    void shouldWorkThroughTransactionPoolingWhenToldByTheUrl() throws Exception {
        db = Database.start(through(bouncer.jdbcUrl(DATABASE) + "?pooler=transaction").build());
        assertThat(db.config().pooler()).isEqualTo(Pooler.TRANSACTION);
        assertThat(load(db)).isEmpty();
        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isEqualTo(160);
    }

    @Test
    void shouldKeepEachTransactionsIsolationLevelToItself() throws Exception {
        // pgjdbc sets a level for the session, which transaction pooling hands to the next client of that session
        db = Database.start(through(bouncer.jdbcUrl(DATABASE)).pooler(Pooler.TRANSACTION).build());
        Map<String, AtomicInteger> wrong = new ConcurrentHashMap<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Isolation level = t % 2 == 0 ? Isolation.SERIALIZABLE : Isolation.READ_COMMITTED;
                String expected = level == Isolation.SERIALIZABLE ? "serializable" : "read committed";
                futures.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String seen = db.write(level, tx -> tx.fetchValue(
                                DSL.field("current_setting('transaction_isolation')", String.class)));
                        if (!expected.equals(seen)) {
                            wrong.computeIfAbsent(expected + " saw " + seen, k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldRetryThroughTransactionPooling() throws Exception {
        db = Database.start(through(bouncer.jdbcUrl(DATABASE)).pooler(Pooler.TRANSACTION)
                .listener(new DatabaseListener() {
                    @Override
                    public void onRetry(int attempt, String sqlState, Throwable cause) {
                        retries.add(sqlState);
                    }
                }).build());
        String id = db.write(PostgresPgBouncerTest::insertUser);
        // Given the row locked by another session, directly on the server, for 400 ms
        try (Connection direct = DriverManager.getConnection(server.jdbcUrl(DATABASE), PgCluster.USER, "");
             Statement st = direct.createStatement()) {
            direct.setAutoCommit(false);
            st.execute("SELECT 1 FROM users WHERE id = '" + id + "' FOR UPDATE");
            Thread release = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(400);
                    direct.rollback();
                } catch (InterruptedException | SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // When a write wants it without waiting (55P03 while it is held)
            int updated = db.write(tx -> {
                tx.select(USERS.ID).from(USERS).where(USERS.ID.eq(id)).forUpdate().noWait().fetch();
                return tx.update(USERS).set(USERS.IS_ADMIN, true).where(USERS.ID.eq(id)).execute();
            });
            release.join();
            // Then it was retried through PgBouncer until the lock was gone
            assertThat(updated).isEqualTo(1);
            assertThat(retries).isNotEmpty().allMatch("55P03"::equals);
        }
    }

    private final List<String> retries = new CopyOnWriteArrayList<>();

    @Test
    void shouldEnterAndLeaveReadOnlyModeThroughTransactionPooling() throws Exception {
        db = Database.start(through(bouncer.jdbcUrl(DATABASE)).pooler(Pooler.TRANSACTION).build());
        db.write(PostgresPgBouncerTest::insertUser);
        // When the database refuses writes (its sessions, PgBouncer's included, restarted to take the new default)
        direct("ALTER DATABASE " + DATABASE + " SET default_transaction_read_only = on");
        terminateSessions();
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                db.write(PostgresPgBouncerTest::insertUser);
                return false;
            } catch (ReadOnlyModeException e) {
                return true;
            }
        });
        // Then writes are refused at once, with the database's code
        assertThat(db.readOnly().state().sqlState()).isEqualTo("25006");
        assertThatThrownBy(() -> db.write(PostgresPgBouncerTest::insertUser))
                .isInstanceOf(ReadOnlyModeException.class);
        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isPositive();

        // When it takes writes again, the probe finds it through PgBouncer
        direct("ALTER DATABASE " + DATABASE + " RESET default_transaction_read_only");
        terminateSessions();
        Await.until(Duration.ofSeconds(10), () -> !db.readOnly().isReadOnly());
        db.write(PostgresPgBouncerTest::insertUser);
    }

    @Test
    void shouldRefuseMigrationsThroughTransactionPoolingWithAHint() {
        assertThatThrownBy(() -> through(bouncer.jdbcUrl(DATABASE)).pooler(Pooler.TRANSACTION)
                .schemaPolicy(SchemaPolicy.MIGRATE).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("direct URL")
                .hasMessageContaining("advisory lock");
        db = Database.start(through(bouncer.jdbcUrl(DATABASE)).pooler(Pooler.TRANSACTION).build());
        assertThat(db.schemaVersion()).isNotNull(); // VALIDATE works through it
        assertThatThrownBy(() -> db.migrations()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("direct URL");
    }

    @Test
    void shouldReadThePoolerFromTheEnvironmentAndRefuseContradictions() {
        assertThat(DatabaseConfig.builder().environment(Map.of("DATABASE_URL", bouncer.jdbcUrl(DATABASE),
                "DATABASE_POOLER", "transaction")).build().pooler()).isEqualTo(Pooler.TRANSACTION);
        assertThat(DatabaseConfig.builder().url(bouncer.jdbcUrl(DATABASE)).build().pooler()).isEqualTo(Pooler.NONE);
        assertThatThrownBy(() -> DatabaseConfig.builder().environment(Map.of("DATABASE_URL",
                bouncer.jdbcUrl(DATABASE), "DATABASE_POOLER", "statement")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATABASE_POOLER");
        assertThatThrownBy(() -> DatabaseConfig.builder().url(bouncer.jdbcUrl(DATABASE) + "?pooler=transaction")
                .pooler(Pooler.NONE).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one place");
        assertThatThrownBy(() -> DatabaseConfig.builder().url("jdbc:sqlite::memory:").pooler(Pooler.TRANSACTION)
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("SQLite");
    }

    private void direct(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), PgCluster.USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void terminateSessions() throws SQLException {
        direct("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "' AND pid <> "
                + "pg_backend_pid()");
    }

    private static String insertUser(org.jooq.DSLContext tx) {
        return DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 12));
    }
}
