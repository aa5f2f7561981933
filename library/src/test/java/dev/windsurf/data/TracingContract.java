package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.EngineUnderTest;
import dev.windsurf.data.user.TestUsers;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import dev.windsurf.data.user.UserUpdate;
import dev.windsurf.data.user.UserView;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry spans of a {@link Database} on every engine, exported to memory: a span per call, per attempt
 * and per statement, the database semantic-convention attributes, no literal in any query text, errors with their
 * code, retries as events. One subclass per engine.
 */
abstract class TracingContract {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
    static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("db.response.status_code");
    static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");

    protected EngineUnderTest engine;
    protected Database db;
    protected String url;
    protected final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk otel;

    protected abstract Engine engine();

    /** What {@code db.system.name} says on this engine. */
    protected abstract String system();

    /** The code a unique violation carries on this engine. */
    protected abstract String uniqueViolation();

    /** The namespace statements name on this engine. */
    protected abstract String namespace(String url);

    /** Holds a lock outside the library that makes a write fail transiently until {@code release} counts down. */
    protected abstract void holdWriteLock(String url, CountDownLatch held, CountDownLatch release) throws Exception;

    /** Makes the write fail fast on a held lock. */
    protected abstract void waitBriefly(org.jooq.DSLContext tx);

    @BeforeEach
    void startDatabase() {
        engine = new EngineUnderTest(engine());
        url = engine.newUrl();
        otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        db = Database.start(DatabaseConfig.builder().url(url).credentials(engine.user(), engine.password())
                .schemaPolicy(SchemaPolicy.MIGRATE).busyTimeout(Duration.ZERO)
                .retry(new RetrySettings(20, Duration.ofMillis(50), Duration.ofMillis(200), 0.1))
                .openTelemetry(otel).build());
        spans.reset();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        engine.close();
        otel.close();
    }

    private List<SpanData> named(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    private List<SpanData> statements() {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    }

    @Test
    void shouldNestStatementsUnderTheAttemptUnderTheCallWithTheDatabaseAttributes() {
        db.write(tx -> DatabaseContract.insertUser(tx, "traced-user"));

        SpanData call = named("windsurf.db.write").getFirst();
        SpanData attempt = named("windsurf.db.write.attempt").getFirst();
        SpanData insert = statements().getFirst();
        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(insert.getParentSpanId()).isEqualTo(attempt.getSpanId());
        assertThat(call.getAttributes().get(AttributeKey.stringKey("windsurf.db.outcome"))).isEqualTo("ok");
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("windsurf.db.attempt"))).isEqualTo(1L);
        assertThat(insert.getAttributes().get(SYSTEM)).isEqualTo(system());
        assertThat(insert.getAttributes().get(NAMESPACE)).isEqualTo(namespace(url));
        assertThat(insert.getAttributes().get(OPERATION)).isEqualTo("INSERT");
        assertThat(insert.getName()).isEqualTo("INSERT " + namespace(url));
        assertThat(insert.getAttributes().get(QUERY)).startsWith("insert into").contains("?")
                .doesNotContain("traced-user", "example.com");
        if (engine() == Engine.POSTGRESQL) {
            assertThat(insert.getAttributes().get(ADDRESS)).isNotBlank();
            assertThat(insert.getAttributes().get(PORT)).isPositive();
        }
    }

    /**
     * The services run their single-row statements over plain JDBC (rendered once): they are traced like jOOQ's, and
     * a refused one carries its code.
     */
    @Test
    void shouldTraceTheStatementsThatServicesRunOverPlainJdbc() {
        UserService users = TestUsers.cheap(db);
        UserView created = users.create(new UserCreate("traced", "traced@example.com", "correct horse battery staple"));
        spans.reset();

        users.get(created.id());
        users.update(created.id(), UserUpdate.email("moved@example.com"));
        users.create(new UserCreate("other", "other@example.com", "correct horse battery staple"));
        spans.reset();
        assertThatThrownBy(() -> users.update(created.id(), UserUpdate.username("other")))
                .isInstanceOf(ConflictException.class);
        List<SpanData> refused = statements();
        users.get(created.id());

        assertThat(refused).extracting(s -> s.getAttributes().get(OPERATION)).containsExactly("SELECT", "UPDATE");
        assertThat(refused.getLast().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(refused.getLast().getAttributes().get(AttributeKey.stringKey("error.type"))).isNotBlank();
        SpanData lookup = statements().getLast();
        SpanData attempt = named("windsurf.db.query.attempt").getLast();
        assertThat(lookup.getParentSpanId()).isEqualTo(attempt.getSpanId());
        assertThat(lookup.getName()).isEqualTo("SELECT " + namespace(url));
        assertThat(lookup.getAttributes().get(QUERY)).startsWith("select").contains("?")
                .doesNotContain(created.id());
    }

    @Test
    void shouldNeverShowLiteralsEvenWhenAStatementInlinesThem() {
        db.query(tx -> tx.select(DSL.inline("inline-secret"), DSL.inline(8675309)).fetch());
        db.query(tx -> tx.fetch("select 'plain-secret' as x, 4242 as y"));

        assertThat(statements()).hasSize(2).allSatisfy(span -> assertThat(span.getAttributes().get(QUERY))
                .doesNotContain("secret", "8675309", "4242").contains("?"));
    }

    @Test
    void shouldRecordAFailedStatementWithItsCodeAndTheCallsOutcome() {
        db.write(tx -> DatabaseContract.insertUser(tx, "twice"));
        spans.reset();

        assertThatThrownBy(() -> db.write(tx -> DatabaseContract.insertUser(tx, "twice")))
                .isInstanceOf(ConflictException.class);

        SpanData insert = statements().getFirst();
        assertThat(insert.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(insert.getAttributes().get(STATUS)).isEqualTo(uniqueViolation());
        assertThat(insert.getEvents()).extracting(EventData::getName).contains("exception");
        assertThat(insert.getEvents().toString()).doesNotContain("twice");
        SpanData call = named("windsurf.db.write").getFirst();
        assertThat(call.getAttributes().get(AttributeKey.stringKey("windsurf.db.outcome"))).isEqualTo("conflict");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void shouldShowRetriesAsEventsOfTheCallAndOneSpanPerAttempt() throws Exception {
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
                while (named("windsurf.db.write.attempt").isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10); // keep the lock until an attempt has failed on it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        });

        db.write(tx -> {
            waitBriefly(tx);
            return DatabaseContract.insertUser(tx, "retried");
        });
        releaser.join();
        holder.join();

        List<SpanData> attempts = named("windsurf.db.write.attempt");
        SpanData call = named("windsurf.db.write").getFirst();
        assertThat(attempts.size()).isGreaterThanOrEqualTo(2);
        assertThat(attempts.getFirst().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getEvents()).extracting(EventData::getName).contains("retry");
        assertThat(call.getEvents()).hasSize(attempts.size() - 1);
        assertThat(call.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat((int) db.read(tx -> tx.fetchCount(USERS))).isEqualTo(1);
    }
}
