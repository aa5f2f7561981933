package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.schema.SchemaMigrations;
import dev.windsurf.data.testsupport.EngineUnderTest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer meters of a {@link Database} on every engine, after real work: calls by outcome, a retry caused by a
 * lock held outside the library, refused writes, mode changes, gauges and the pools' meters. One subclass per engine.
 */
abstract class MetricsContract {

    protected EngineUnderTest engine;
    protected Database db;
    protected String url;
    private final MeterRegistry registry = new SimpleMeterRegistry();

    protected abstract Engine engine();

    /**
     * Holds a lock outside the library that blocks writes to {@code users} until {@code release} counts down;
     * counts {@code held} down once it holds it.
     */
    protected abstract void holdWriteLock(String url, CountDownLatch held, CountDownLatch release) throws Exception;

    /** Makes the write wait for locks only briefly, so that a held lock fails it (and the retry follows). */
    protected abstract void waitBriefly(DSLContext tx);

    /** The retry reason a held lock gives on this engine. */
    protected abstract String lockReason();

    @BeforeEach
    void startDatabase() {
        engine = new EngineUnderTest(engine());
        url = engine.newUrl();
        db = Database.start(DatabaseConfig.builder().url(url).credentials(engine.user(), engine.password())
                .name("metered").schemaPolicy(SchemaPolicy.MIGRATE).busyTimeout(Duration.ZERO)
                .retry(new RetrySettings(20, Duration.ofMillis(50), Duration.ofMillis(200), 0.1))
                .meterRegistry(registry).build());
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        engine.close();
    }

    private double count(String name, String... tags) {
        return registry.find(name).tag("database", "metered").tags(tags).meters().stream()
                .mapToDouble(m -> m instanceof Timer t ? t.count() : m.measure().iterator().next().getValue())
                .sum();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tag("database", "metered").tags(tags).gauge().value();
    }

    @Test
    void shouldTimeCallsByOperationAndOutcome() {
        db.write(tx -> DatabaseContract.insertUser(tx, "alice"));
        db.read(tx -> tx.fetchCount(USERS));
        db.query(tx -> tx.fetchCount(USERS));
        assertThatThrownBy(() -> db.write(tx -> DatabaseContract.insertUser(tx, "alice")))
                .isInstanceOf(ConflictException.class);

        assertThat(count("windsurf.db.operations", "operation", "write", "outcome", "ok")).isEqualTo(1);
        assertThat(count("windsurf.db.operations", "operation", "read", "outcome", "ok")).isEqualTo(1);
        assertThat(count("windsurf.db.operations", "operation", "query", "outcome", "ok")).isEqualTo(1);
        assertThat(count("windsurf.db.operations", "operation", "write", "outcome", "conflict")).isEqualTo(1);
        assertThat(registry.get("windsurf.db.operations").tag("outcome", "ok").tag("operation", "write").timer()
                .totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void shouldCountRetriesByReasonWhenALockHeldElsewhereFailsTheFirstAttempts() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            try {
                holdWriteLock(url, held, release);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        Thread releaser = Thread.ofPlatform().start(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (registry.find("windsurf.db.retries").counters().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10); // keep the lock until the write has failed on it at least once
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });

        db.write(tx -> {
            waitBriefly(tx);
            return DatabaseContract.insertUser(tx, "patient");
        });

        releaser.join();
        holder.join();
        assertThat(count("windsurf.db.retries", "reason", lockReason())).isPositive();
        assertThat(count("windsurf.db.operations", "operation", "write", "outcome", "ok")).isEqualTo(1);
    }

    @Test
    void shouldCountRefusedWritesAndModeChangesAndShowTheModeAsAGauge() {
        assertThat(gauge("windsurf.db.read.only")).isZero();

        db.readOnly().enter("maintenance");
        assertThatThrownBy(() -> db.write(tx -> DatabaseContract.insertUser(tx, "refused")))
                .isInstanceOf(ReadOnlyModeException.class);
        assertThat(gauge("windsurf.db.read.only")).isEqualTo(1);
        db.readOnly().exit();

        assertThat(count("windsurf.db.writes.refused")).isEqualTo(1);
        assertThat(count("windsurf.db.operations", "operation", "write", "outcome", "read_only")).isEqualTo(1);
        assertThat(count("windsurf.db.mode.changes", "mode", "read_only")).isEqualTo(1);
        assertThat(count("windsurf.db.mode.changes", "mode", "read_write")).isEqualTo(1);
        assertThat(gauge("windsurf.db.read.only")).isZero();
    }

    @Test
    void shouldGaugeTheSchemaVersionsTheFallbackAndTheReplicaAndMeterEveryPool() {
        double code = Double.parseDouble(SchemaMigrations.VERSION);
        assertThat(gauge("windsurf.db.schema.version", "source", "database", "set", "windsurf")).isEqualTo(code);
        assertThat(gauge("windsurf.db.schema.version", "source", "code", "set", "windsurf")).isEqualTo(code);
        assertThat(gauge("windsurf.db.fallback.active")).isZero();
        assertThat(gauge("windsurf.db.replica.in.use")).isZero();

        db.read(tx -> tx.fetchCount(USERS));
        db.write(tx -> DatabaseContract.insertUser(tx, "pooled"));

        java.util.List<String> pools = db.engine() == Engine.SQLITE
                ? java.util.List.of("metered-writer", "metered-reader") : java.util.List.of("metered");
        for (String pool : pools) {
            assertThat(registry.find("hikaricp.connections").tag("pool", pool).gauge()).as("pool %s", pool)
                    .isNotNull();
            assertThat(registry.find("hikaricp.connections.usage").tag("pool", pool).timer()).as("pool %s", pool)
                    .isNotNull();
        }
    }

    @Test
    void shouldRemoveItsMetersWhenClosed() {
        db.write(tx -> DatabaseContract.insertUser(tx, "bye"));
        assertThat(registry.find("windsurf.db.operations").meters()).isNotEmpty();

        db.close();

        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .noneMatch(name -> name.startsWith("windsurf.db.") || name.startsWith("hikaricp."));
    }
}
