package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.user.PasswordHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Read-only degradation under a real fault of each engine: subclasses say how to make the database refuse writes
 * and how to heal it.
 */
abstract class ReadOnlyContract {

    protected static final Duration PROBE = Duration.ofMillis(100);

    protected Database db;
    protected final List<ModeState> changes = new CopyOnWriteArrayList<>();

    /** Starts {@link #db} on a fresh, migrated database whose writes the subclass can break. */
    protected abstract Database startDatabase(DatabaseConfig.Builder settings) throws Exception;

    /** Makes the database refuse writes (a real fault). */
    protected abstract void breakWrites() throws Exception;

    /** Makes the database take writes again. */
    protected abstract void healWrites() throws Exception;

    /** Whether the fault leaves reads working (false when the whole server is gone). */
    protected boolean readsSurviveTheFault() {
        return true;
    }

    protected DatabaseConfig.Builder settings() {
        return DatabaseConfig.builder().readOnlyProbeInterval(PROBE)
                .retry(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2))
                .listener(new DatabaseListener() {
                    @Override
                    public void onModeChanged(ModeState previous, ModeState current) {
                        changes.add(current);
                    }
                });
    }

    protected void start() throws Exception {
        db = startDatabase(settings());
    }

    @AfterEach
    void closeDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    /**
     * Writes until the database refuses one. A full SQLite file may still take small writes for a while; a lost
     * server first fails a write with {@link UnavailableException} after its retries, which turns the mode.
     */
    protected ReadOnlyModeException writeUntilRefused() {
        for (int i = 0; i < 10_000; i++) {
            try {
                db.write(tx -> insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 8)));
            } catch (ReadOnlyModeException e) {
                return e;
            } catch (UnavailableException e) {
                assertThat(e.sqlState()).as("only connection failures may precede the refusal").startsWith("08");
            }
        }
        throw new AssertionError("the database never refused a write");
    }

    @Test
    void shouldEnterReadOnlyWhenTheDatabaseRefusesWritesThenRefuseWritesFastAndKeepServingReads() throws Exception {
        start();
        String before = db.write(tx -> insertUser(tx, "before"));

        breakWrites();
        ReadOnlyModeException first = writeUntilRefused();

        assertThat(db.readOnly().state().mode()).isEqualTo(WriteMode.READ_ONLY);
        assertThat(db.readOnly().state().automatic()).isTrue();
        assertThat(first.automatic()).isTrue();
        assertThat(first.retryAfter()).isEqualTo(PROBE);
        long rejectedBefore = db.readOnly().stats().rejectedWrites();
        assertThatThrownBy(() -> db.write(tx -> insertUser(tx, "refused")))
                .isInstanceOfSatisfying(ReadOnlyModeException.class, e -> {
                    assertThat(e.getCause()).as("refused without a database round trip").isNull();
                    assertThat(e.reason()).isEqualTo(first.reason());
                    assertThat(e.getMessage()).contains("read-only", "Nothing was written");
                });
        assertThat(db.readOnly().stats().rejectedWrites()).isEqualTo(rejectedBefore + 1);
        if (readsSurviveTheFault()) {
            assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(before)))).isEqualTo(1);
        }
        assertThat(db.health().mode().readOnly()).isTrue();
        assertThat(changes).hasSize(1);
    }

    @Test
    void shouldReturnToReadWriteByItselfWhenWritesWorkAgain() throws Exception {
        start();
        breakWrites();
        writeUntilRefused();

        healWrites();
        Await.until(Duration.ofSeconds(20), () -> !db.readOnly().isReadOnly());

        String after = db.write(tx -> insertUser(tx, "after"));
        assertThat((int) db.read(tx -> tx.fetchCount(USERS, USERS.ID.eq(after)))).isEqualTo(1);
        ReadOnlyStats stats = db.readOnly().stats();
        assertThat(stats.transitions()).isEqualTo(2);
        assertThat(stats.probes()).isPositive();
        assertThat(stats.timeReadOnly()).isPositive();
        assertThat(changes).extracting(ModeState::mode).containsExactly(WriteMode.READ_ONLY, WriteMode.READ_WRITE);
        assertThat(changes.get(1).reason()).isEqualTo("writes work again");
    }

    @Test
    void shouldKeepAnOperatorsReadOnlyModeUntilAnOperatorEndsIt() throws Exception {
        start();
        db.readOnly().enter("maintenance window");

        assertThatThrownBy(() -> db.write(tx -> insertUser(tx, "during")))
                .isInstanceOfSatisfying(ReadOnlyModeException.class, e -> {
                    assertThat(e.automatic()).isFalse();
                    assertThat(e.reason()).isEqualTo("maintenance window");
                });
        Thread.sleep(PROBE.multipliedBy(4).toMillis());
        assertThat(db.readOnly().isReadOnly()).as("the probe leaves an operator's mode alone").isTrue();
        assertThatThrownBy(() -> db.dsl().insertInto(USERS).set(USERS.ID, UUID.randomUUID().toString())
                .set(USERS.USERNAME, "raw").set(USERS.EMAIL, "raw@example.com")
                .set(USERS.PASSWORD_HASH, PasswordHash.of("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA")).set(USERS.CREATED_AT, Instant.now())
                .set(USERS.UPDATED_AT, Instant.now()).execute())
                .isInstanceOf(ReadOnlyModeException.class);
        assertThat(db.dsl().fetchCount(USERS)).isZero();

        db.readOnly().exit();

        String afterwards = db.write(tx -> insertUser(tx, "afterwards"));
        assertThat(afterwards).isNotNull();
        assertThat(changes).extracting(ModeState::automatic).containsExactly(false, false);
    }

    @Test
    void shouldStopTheProbeThreadOnClose() throws Exception {
        start();
        breakWrites();
        writeUntilRefused();
        String thread = db.config().name() + "-write-probe";
        Await.until(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(thread)));

        db.close();

        Await.until(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals(thread) && t.isAlive()));
    }

    protected static String insertUser(DSLContext tx, String username) {
        return DatabaseContract.insertUser(tx, username);
    }
}
