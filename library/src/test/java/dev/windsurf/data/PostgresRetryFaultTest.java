package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.ORGANIZATIONS;
import static dev.windsurf.data.schema.Tables.USERS;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.FaultProxy;
import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.user.PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries under real faults on PostgreSQL: connections cut by a TCP proxy between the pool and the server, sessions
 * terminated server-side, serialization failures. Every test counts the rows afterwards through a direct connection:
 * a retried write must be applied exactly once, and a write whose COMMIT outcome is unknown must never be re-applied.
 */
class PostgresRetryFaultTest {

    private TestPostgres.ThrowawayDatabase database;
    private FaultProxy proxy;
    private Database db;
    private final List<String> retries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBehindAProxy() {
        database = TestPostgres.create();
        Flyway.configure().dataSource(database.url(), TestPostgres.USER, TestPostgres.PASSWORD).load().migrate();
        proxy = FaultProxy.start(TestPostgres.host(), TestPostgres.port());
        // prepareThreshold=0: every COMMIT goes over the wire as text, so the proxy can see it.
        db = Database.start(DatabaseConfig.builder()
                .url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name()
                        + "?sslmode=disable&prepareThreshold=0")
                .credentials(TestPostgres.USER, TestPostgres.PASSWORD)
                .poolSize(4)
                .connectionTimeout(Duration.ofSeconds(1))
                .schemaPolicy(SchemaPolicy.VALIDATE)
                .retry(new RetrySettings(5, Duration.ofMillis(20), Duration.ofMillis(200), 0.2))
                // these tests are about retries; read-only degradation has its own tests
                .readOnlyOnConnectionFailure(false)
                .listener(new DatabaseListener() {
                    @Override
                    public void onRetry(int attempt, String sqlState, Throwable cause) {
                        retries.add(sqlState);
                    }
                })
                .build());
    }

    @AfterEach
    void tearDown() {
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

    @Test
    void shouldRetryATransactionWhoseConnectionIsCutDuringTheWorkAndApplyItOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();

        db.writeVoid(tx -> {
            insertUser(tx, id, "cut");
            if (runs.incrementAndGet() == 1) {
                proxy.cutAll();
            }
            tx.fetchCount(USERS);
        });

        assertThat(runs).hasValue(2);
        assertThat(retries).hasSize(1).allMatch(state -> state.startsWith("08"));
        assertThat(rowsWithId(id)).isEqualTo(1);
    }

    @Test
    void shouldRetryWhenTheServerTerminatesTheSession() throws Exception {
        String id = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();

        db.writeVoid(tx -> {
            insertUser(tx, id, "terminated");
            if (runs.incrementAndGet() == 1) {
                int pid = tx.select(org.jooq.impl.DSL.field("pg_backend_pid()", Integer.class)).fetchSingle().value1();
                terminate(pid);
            }
            tx.fetchCount(USERS);
        });

        assertThat(runs).hasValue(2);
        assertThat(retries).hasSize(1).allMatch(state -> state.equals("57P01") || state.startsWith("08"));
        assertThat(rowsWithId(id)).isEqualTo(1);
    }

    @Test
    void shouldNeverReapplyAWriteWhoseCommitReachedTheServerButWhoseAnswerWasLost() throws Exception {
        String id = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        proxy.cutWhenClientSends("COMMIT".getBytes(US_ASCII), true);

        assertThatThrownBy(() -> db.writeVoid(tx -> {
            runs.incrementAndGet();
            insertUser(tx, id, "committed");
        })).isInstanceOfSatisfying(TransactionOutcomeUnknownException.class,
                e -> assertThat(e.sqlState()).startsWith("08"));

        assertThat(runs).hasValue(1);
        assertThat(retries).isEmpty();
        assertThat(rowsWithId(id)).isEqualTo(1);
    }

    @Test
    void shouldNeverReapplyAWriteWhoseCommitWasLostOnTheWay() throws Exception {
        String id = UUID.randomUUID().toString();
        AtomicInteger runs = new AtomicInteger();
        proxy.cutWhenClientSends("COMMIT".getBytes(US_ASCII), false);

        assertThatThrownBy(() -> db.writeVoid(tx -> {
            runs.incrementAndGet();
            insertUser(tx, id, "lost");
        })).isInstanceOf(TransactionOutcomeUnknownException.class);

        assertThat(runs).hasValue(1);
        assertThat(retries).isEmpty();
        assertThat(rowsWithId(id)).isZero();
    }

    @Test
    void shouldGiveUpWithTheSqlStateAndTheAttemptsWhileTheServerStaysUnreachableThenRecover() throws Exception {
        proxy.refuseNewConnections(true);
        proxy.cutAll();

        assertThatThrownBy(() -> db.writeVoid(tx -> insertUser(tx, UUID.randomUUID().toString(), "unreachable")))
                .isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(5);
                    assertThat(e.sqlState()).startsWith("08");
                    assertThat(e.getMessage()).contains("5 attempt(s)", "nothing was written");
                });
        assertThat(retries).hasSize(4);

        proxy.refuseNewConnections(false);
        String id = UUID.randomUUID().toString();
        db.writeVoid(tx -> insertUser(tx, id, "recovered"));
        assertThat(rowsWithId(id)).isEqualTo(1);
    }

    @Test
    void shouldRetrySerializationFailuresUntilEveryWriterSucceeds() throws Exception {
        String orgId = UUID.randomUUID().toString();
        db.writeVoid(tx -> tx.insertInto(ORGANIZATIONS).set(ORGANIZATIONS.ID, orgId)
                .set(ORGANIZATIONS.NAME, "counter-0").set(ORGANIZATIONS.CREATED_AT, Instant.now())
                .set(ORGANIZATIONS.UPDATED_AT, Instant.now()).execute());
        CyclicBarrier bothRead = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = List.of(threads.submit(() -> increment(orgId, bothRead)),
                    threads.submit(() -> increment(orgId, bothRead)));
            for (Future<?> writer : writers) {
                writer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdown();
        }

        String name = db.read(tx -> tx.select(ORGANIZATIONS.NAME).from(ORGANIZATIONS)
                .where(ORGANIZATIONS.ID.eq(orgId)).fetchOne(ORGANIZATIONS.NAME));
        assertThat(name).isEqualTo("counter-2");
        assertThat(retries).isNotEmpty().allMatch("40001"::equals);
    }

    private void increment(String orgId, CyclicBarrier bothRead) {
        AtomicInteger runs = new AtomicInteger();
        db.write(Isolation.SERIALIZABLE, tx -> {
            String current = tx.select(ORGANIZATIONS.NAME).from(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(orgId))
                    .fetchOne(ORGANIZATIONS.NAME);
            if (runs.incrementAndGet() == 1) {
                try {
                    bothRead.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            int next = Integer.parseInt(current.substring("counter-".length())) + 1;
            return tx.update(ORGANIZATIONS).set(ORGANIZATIONS.NAME, "counter-" + next)
                    .where(ORGANIZATIONS.ID.eq(orgId)).execute();
        });
    }

    private static void insertUser(org.jooq.DSLContext tx, String id, String username) {
        Instant now = Instant.now();
        tx.insertInto(USERS).set(USERS.ID, id).set(USERS.USERNAME, username)
                .set(USERS.EMAIL, username + "@example.com").set(USERS.PASSWORD_HASH, PasswordHash.of("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"))
                .set(USERS.CREATED_AT, now).set(USERS.UPDATED_AT, now).execute();
    }

    private int rowsWithId(String id) throws Exception {
        try (Connection c = database.connect();
             PreparedStatement ps = c.prepareStatement("select count(*) from users where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void terminate(int pid) {
        try (Connection c = TestPostgres.admin(); Statement st = c.createStatement()) {
            st.execute("select pg_terminate_backend(" + pid + ")");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
