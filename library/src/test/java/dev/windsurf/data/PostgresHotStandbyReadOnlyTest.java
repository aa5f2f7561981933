package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgCluster;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real hot standby as the primary URL: it refuses writes with SQLState 25006, which makes the database READ_ONLY;
 * once the standby is promoted, the probe finds that writes work and the mode returns to READ_WRITE by itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresHotStandbyReadOnlyTest {

    private static final Duration PROBE = Duration.ofMillis(100);

    private PgCluster primary;
    private PgCluster standby;
    private Database db;
    private final List<ModeState> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStandbyOfAMigratedDatabase() {
        PgCluster.assumeAvailable();
        primary = PgCluster.start();
        primary.createDatabase("app");
        Database.start(DatabaseConfig.builder().url(primary.jdbcUrl("app")).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
        standby = primary.startStandby();
    }

    @AfterEach
    void closeAll() {
        if (db != null) {
            db.close();
        }
        if (primary != null) {
            primary.close(); // and its standby
        }
    }

    @Test
    void shouldRefuseWritesOnAHotStandbyAndReturnToReadWriteByItselfOncePromoted() {
        // Given a database whose URL is a hot standby (its schema replicated from the primary)
        db = Database.start(DatabaseConfig.builder().url(standby.jdbcUrl("app")).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.VALIDATE).poolSize(3).readOnlyProbeInterval(PROBE)
                .listener(new DatabaseListener() {
                    @Override
                    public void onModeChanged(ModeState previous, ModeState current) {
                        changes.add(current);
                    }
                })
                .build());
        assertThat(db.readOnly().isReadOnly()).isFalse();

        // When a write reaches it
        assertThatThrownBy(() -> db.write(tx -> insertUser(tx)))
                .isInstanceOfSatisfying(ReadOnlyModeException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("25006");
                    assertThat(e.automatic()).isTrue();
                });

        // Then the database is READ_ONLY: writes are refused at once, reads go on, and the probe keeps failing
        assertThat(db.readOnly().state().reason()).contains("hot standby", "25006");
        assertThatThrownBy(() -> db.write(tx -> insertUser(tx)))
                .isInstanceOfSatisfying(ReadOnlyModeException.class, e -> assertThat(e.getCause()).isNull());
        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isZero();
        Await.until(Duration.ofSeconds(5), () -> db.readOnly().stats().probes() >= 2);
        assertThat(db.readOnly().isReadOnly()).as("the probe finds the standby still read-only").isTrue();

        // And when the standby is promoted, the mode returns to READ_WRITE by itself
        standby.promote();
        long promoted = System.nanoTime();
        Await.until(Duration.ofSeconds(10), () -> !db.readOnly().isReadOnly());
        System.out.printf("Back to READ_WRITE %d ms after the promotion%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - promoted));
        String id = db.write(tx -> insertUser(tx));
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(id)))).isEqualTo(1);
        assertThat((boolean) db.read(PostgresReadReplicaTest::inRecovery)).isFalse();
        assertThat(changes).extracting(ModeState::mode).containsExactly(WriteMode.READ_ONLY, WriteMode.READ_WRITE);
        assertThat(changes.get(1).reason()).isEqualTo("writes work again");
    }

    private static String insertUser(org.jooq.DSLContext tx) {
        return DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 8));
    }
}
