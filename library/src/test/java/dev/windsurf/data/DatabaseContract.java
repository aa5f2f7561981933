package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.ORGANIZATIONS;
import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.schema.tables.daos.UsersDao;
import dev.windsurf.data.schema.tables.pojos.Users;
import dev.windsurf.data.testsupport.EngineUnderTest;
import dev.windsurf.data.user.PasswordHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a {@link Database} does on every engine. One subclass per engine. */
abstract class DatabaseContract {

    protected EngineUnderTest engine;
    protected Database db;
    protected final List<String> events = new CopyOnWriteArrayList<>();

    protected abstract Engine engine();

    @BeforeEach
    void startDatabase() {
        engine = new EngineUnderTest(engine());
        db = Database.start(engine.newDatabase().schemaPolicy(SchemaPolicy.MIGRATE)
                .listener(new DatabaseListener() {
                    @Override
                    public void onStarted(Health health) {
                        events.add("started " + health.engine());
                    }

                    @Override
                    public void onSchemaChecked(SchemaPolicy policy, String before, String code, int applied) {
                        events.add("schema " + before + "->" + code + " applied " + applied);
                    }

                    @Override
                    public void onClosed() {
                        events.add("closed");
                    }
                })
                .build());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        engine.close();
    }

    @Test
    void shouldMigrateAnEmptyDatabaseAtStartAndReportIt() {
        assertThat(db.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        assertThat(db.engine()).isEqualTo(engine());
        assertThat(events).containsExactly("schema null->" + SchemaMigrations.VERSION + " applied 3",
                "started " + engine());
        Health health = db.health();
        assertThat(health.up()).isTrue();
        assertThat(health.schemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        assertThat(health.codeSchemaVersion()).isEqualTo(SchemaMigrations.VERSION);
        assertThat(health.fallbackActive()).isFalse();
        assertThat(health.totalConnections()).isPositive();
        assertThat(health.readReplicaConfigured()).isFalse();
        assertThat(health.readReplicaInUse()).isFalse();
    }

    @Test
    void shouldCommitWorkAndReturnItsResult() {
        String id = db.write(tx -> insertUser(tx, "alice"));

        String username = db.read(tx -> tx.select(USERS.USERNAME).from(USERS).where(USERS.ID.eq(id)).fetchOne(USERS.USERNAME));

        assertThat(username).isEqualTo("alice");
    }

    @Test
    void shouldWorkWithTheGeneratedDaoInsideATransaction() {
        String id = db.write(tx -> insertUser(tx, "dora"));

        Users read = db.read(tx -> new UsersDao(tx.configuration()).fetchOneById(id));

        assertThat(read.getUsername()).isEqualTo("dora");
        assertThat(read.getIsActive()).isTrue();
    }

    @Test
    void shouldRollBackWhenTheWorkThrows() {
        assertThatThrownBy(() -> db.writeVoid(tx -> {
            insertUser(tx, "bob");
            throw new IllegalStateException("changed my mind");
        })).isInstanceOf(IllegalStateException.class).hasMessage("changed my mind");

        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isZero();
    }

    @Test
    void shouldJoinTheOuterTransactionWhenNested() {
        assertThatThrownBy(() -> db.writeVoid(outer -> {
            db.writeVoid(inner -> insertUser(inner, "carol"));
            assertThat(db.inTransaction()).isTrue();
            throw new IllegalStateException("roll back both");
        })).isInstanceOf(IllegalStateException.class);

        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isZero();
        assertThat(db.inTransaction()).isFalse();
    }

    @Test
    void shouldRefuseAWriteTransactionInsideAReadTransaction() {
        assertThatThrownBy(() -> db.read(tx -> db.write(inner -> insertUser(inner, "x"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only transaction");
    }

    @Test
    void shouldRefuseWritesInAReadTransaction() {
        assertThatThrownBy(() -> db.read(tx -> insertUser(tx, "eve")))
                .isInstanceOf(DataException.class)
                .satisfies(e -> assertThat(((DataException) e).sqlState()).isNotNull());

        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isZero();
    }

    @Test
    void shouldRunQueriesOutsideATransactionAndRefuseTheirWrites() {
        db.write(tx -> insertUser(tx, "grace"));

        int counted = db.query(tx -> {
            assertThat(db.inTransaction()).isFalse();
            return tx.fetchCount(USERS);
        });
        int nested = db.query(tx -> db.read(inner -> inner.fetchCount(USERS)));
        assertThat(counted).isEqualTo(1);
        assertThat(nested).isEqualTo(1);
        assertThatThrownBy(() -> db.query(tx -> insertUser(tx, "heidi")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Database.write");
        assertThatThrownBy(() -> db.query(tx -> db.write(inner -> insertUser(inner, "ivan"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.query(tx -> tx.fetch("select * from no_such_table")))
                .isInstanceOf(DataException.class);

        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isEqualTo(1);
    }

    @Test
    void shouldTurnADuplicateIntoAConflictNamingTheField() {
        db.write(tx -> insertUser(tx, "frank"));

        assertThatThrownBy(() -> db.write(tx -> insertUser(tx, "frank", "another@example.com")))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("uq_users_username");
                    assertThat(e.field()).isEqualTo("username");
                    assertThat(e.sqlState()).isNotNull();
                    assertThat(e.getMessage()).contains("username").doesNotContain("frank");
                });
    }

    @Test
    void shouldTurnACaseInsensitiveEmailDuplicateIntoAConflictOnEmail() {
        db.write(tx -> insertUser(tx, "gina", "gina@example.com"));

        assertThatThrownBy(() -> db.write(tx -> insertUser(tx, "gina2", "GINA@example.com")))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("uq_users_email_lower");
                    assertThat(e.field()).isEqualTo("email");
                });
    }

    @Test
    void shouldTurnACheckViolationIntoAValidationErrorNamingTheField() {
        assertThatThrownBy(() -> db.write(tx -> insertUser(tx, "No Spaces Allowed")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .containsExactly(new ValidationException.Violation("username",
                                "violates database constraint ck_users_username_format")));
    }

    @Test
    void shouldEnforceForeignKeys() {
        assertThatThrownBy(() -> db.write(tx -> tx.insertInto(USERS)
                .set(USERS.ID, UUID.randomUUID().toString()).set(USERS.USERNAME, "henry")
                .set(USERS.EMAIL, "henry@example.com").set(USERS.PASSWORD_HASH, PasswordHash.of("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"))
                .set(USERS.CREATED_AT, Instant.now()).set(USERS.UPDATED_AT, Instant.now())
                .set(USERS.ORGANIZATION_ID, UUID.randomUUID().toString()).execute()))
                .isInstanceOf(ConflictException.class);

        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isZero();
    }

    @Test
    void shouldServeManyConcurrentWritersWithoutLosingOrFailingAny() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String name = "w" + thread + "_" + i;
                        db.write(tx -> insertUser(tx, name));
                        db.read(tx -> tx.fetchCount(USERS));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isEqualTo(threads * perThread);
    }

    @Test
    void shouldRunStatementsThroughTheNonTransactionalContext() {
        db.dsl().insertInto(ORGANIZATIONS).set(ORGANIZATIONS.ID, UUID.randomUUID().toString())
                .set(ORGANIZATIONS.NAME, "Acme").set(ORGANIZATIONS.CREATED_AT, Instant.now())
                .set(ORGANIZATIONS.UPDATED_AT, Instant.now()).execute();

        assertThat((int) db.read(tx -> tx.fetchCount(ORGANIZATIONS))).isEqualTo(1);
    }

    @Test
    void shouldCloseIdempotentlyAndRefuseUseAfterwards() {
        db.close();
        db.close();

        assertThat(events).containsOnlyOnce("closed");
        assertThatThrownBy(() -> db.read(tx -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(db.health().up()).isFalse();
    }

    @Test
    void shouldKeepWorkingWhenAListenerThrows() {
        Database other = Database.start(engine.newDatabase().listener(new DatabaseListener() {
            @Override
            public void onStarted(Health health) {
                throw new IllegalStateException("listener bug");
            }
        }).schemaPolicy(SchemaPolicy.MIGRATE).build());
        try {
            String id = other.write(tx -> insertUser(tx, "ivan"));
            assertThat(id).isNotNull();
        } finally {
            other.close();
        }
    }

    protected static String insertUser(DSLContext tx, String username) {
        return insertUser(tx, username, username.replace(' ', '_') + "@example.com");
    }

    protected static String insertUser(DSLContext tx, String username, String email) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        tx.insertInto(USERS).set(USERS.ID, id).set(USERS.USERNAME, username).set(USERS.EMAIL, email)
                .set(USERS.PASSWORD_HASH, PasswordHash.of("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")).set(USERS.CREATED_AT, now).set(USERS.UPDATED_AT, now)
                .execute();
        return id;
    }
}
