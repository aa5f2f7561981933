package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.RetrySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's operations support end to end over HTTP, on an SQLite file: {@code GET /metrics} counts a retry, a
 * refused write and the mode changes; one request's spans, from its incoming {@code traceparent} down to the
 * statements, reach an in-memory exporter with the database attributes and without literals.
 */
class OperationsTest {

    static final String TOKEN = "an-operator-token-for-the-operations-tests";

    @TempDir
    Path dir;

    private String url;
    private PrometheusMeterRegistry metrics;
    private InMemorySpanExporter spans;
    private OpenTelemetrySdk openTelemetry;
    private Database db;
    private ApiServer server;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir);
        url = "jdbc:sqlite:" + dir.resolve("ops.db");
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        spans = InMemorySpanExporter.create();
        openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        db = Database.start(DatabaseConfig.builder().url(url).name("app").busyTimeout(Duration.ZERO)
                .retry(new RetrySettings(30, Duration.ofMillis(50), Duration.ofMillis(200), 0.1))
                .meterRegistry(metrics).openTelemetry(openTelemetry).build());
        server = new ApiServer(db, TOKEN, Duration.ofSeconds(5), HttpSettings.defaults(), metrics, openTelemetry).start("127.0.0.1", 0);
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
        openTelemetry.close();
    }

    @Test
    void shouldCountARetryARefusalAndTheModeChangesInPrometheusText() throws Exception {
        // a retry: another connection holds the SQLite write lock until the request's write has failed on it
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            try (Connection other = DriverManager.getConnection(url); Statement st = other.createStatement()) {
                st.execute("BEGIN EXCLUSIVE");
                held.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (metrics.find("windsurf.db.retries").counters().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(10); // hold the lock until the request's write has hit it at least once
                }
                st.execute("COMMIT");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(createUser("patient").status()).isEqualTo(201);
        holder.join();
        // a refusal and two mode changes
        assertThat(api.post("/admin/read-only", "{\"enabled\": true, \"reason\": \"maintenance\"}", TOKEN).status())
                .isEqualTo(200);
        assertThat(createUser("refused").status()).isEqualTo(503);
        assertThat(api.post("/admin/read-only", "{\"enabled\": false}", TOKEN).status()).isEqualTo(200);

        HttpResponse<String> scrape = api.getText("/metrics", "Authorization", "Bearer " + TOKEN);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, Double> samples = samples(scrape.body());
        assertThat(samples.get("windsurf_db_retries_total{database=\"app\",reason=\"busy\"}")).as(scrape.body())
                .isPositive();
        assertThat(samples).containsEntry("windsurf_db_writes_refused_total{database=\"app\"}", 1.0)
                .containsEntry("windsurf_db_mode_changes_total{database=\"app\",mode=\"read_only\"}", 1.0)
                .containsEntry("windsurf_db_mode_changes_total{database=\"app\",mode=\"read_write\"}", 1.0)
                .containsEntry("windsurf_db_operations_seconds_count{database=\"app\",operation=\"write\","
                        + "outcome=\"read_only\"}", 1.0)
                .containsEntry("windsurf_db_operations_seconds_count{database=\"app\",operation=\"write\","
                        + "outcome=\"ok\"}", 1.0)
                .containsEntry("windsurf_db_read_only{database=\"app\"}", 0.0);
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("hikaricp_connections_active{pool=\"app-writer\""))
                .anyMatch(name -> name.startsWith("hikaricp_connections_active{pool=\"app-reader\""));
    }

    @Test
    void shouldReportReadsAndWritesSeparatelySoThatAReadOnlyInstanceStaysReadyForReads() {
        assertThat(api.get("/ready").status()).isEqualTo(200);
        assertThat(api.get("/ready/writes").status()).isEqualTo(200);

        api.post("/admin/read-only", "{\"enabled\": true, \"reason\": \"maintenance\"}", TOKEN);

        ApiClient.Response reads = api.get("/ready");
        assertThat(reads.status()).isEqualTo(200);
        assertThat(reads.body().get("reads").asText()).isEqualTo("ready");
        assertThat(reads.body().get("writes").asText()).isEqualTo("read_only");
        ApiClient.Response writes = api.get("/ready/writes");
        assertThat(writes.status()).isEqualTo(503);
        assertThat(writes.body().get("status").asText()).isEqualTo("unavailable");
        assertThat(writes.body().get("reads").asText()).isEqualTo("ready");
    }

    @Test
    void shouldServeMetricsOnlyWithTheOperatorToken() {
        assertThat(api.getText("/metrics").statusCode()).isEqualTo(401);
        assertThat(api.getText("/metrics", "Authorization", "Bearer wrong-token-of-some-length").statusCode())
                .isEqualTo(401);
        assertThat(api.getText("/metrics", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldTraceOneRequestFromItsTraceparentDownToTheStatementsWithoutLiterals() {
        String id = createUser("traced").body().get("id").asText();
        spans.reset();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parentId = "00f067aa0ba902b7";

        HttpResponse<String> response = api.getText("/users/" + id, "traceparent",
                "00-" + traceId + "-" + parentId + "-01");

        assertThat(response.statusCode()).isEqualTo(200);
        List<SpanData> trace = spans.getFinishedSpanItems();
        assertThat(trace).isNotEmpty().allMatch(span -> span.getTraceId().equals(traceId));
        SpanData http = only(trace, SpanKind.SERVER);
        assertThat(http.getName()).isEqualTo("GET /users/{id}");
        assertThat(http.getParentSpanId()).isEqualTo(parentId);
        assertThat(http.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        SpanData call = trace.stream().filter(s -> s.getName().startsWith("windsurf.db.")
                && !s.getName().endsWith(".attempt")).findFirst().orElseThrow();
        assertThat(call.getParentSpanId()).isEqualTo(http.getSpanId());
        SpanData attempt = trace.stream().filter(s -> s.getName().endsWith(".attempt")).findFirst().orElseThrow();
        assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
        SpanData statement = only(trace, SpanKind.CLIENT);
        assertThat(statement.getParentSpanId()).isEqualTo(attempt.getSpanId());
        assertThat(statement.getName()).isEqualTo("SELECT ops.db");
        assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("sqlite");
        assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo("ops.db");
        assertThat(statement.getAttributes().get(AttributeKey.stringKey("db.operation.name"))).isEqualTo("SELECT");
        String query = statement.getAttributes().get(AttributeKey.stringKey("db.query.text"));
        assertThat(query).startsWith("select").contains("?").doesNotContain(id);
        assertThat(trace.stream().map(s -> s.getAttributes().toString()).collect(Collectors.joining()))
                .doesNotContain(id);
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> matching = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(matching).as("spans of kind %s in %s", kind, spans).hasSize(1);
        return matching.getFirst();
    }

    private ApiClient.Response createUser(String username) {
        return api.post("/users", """
                {"username": "%s", "email": "%s@example.com", "password": "correct horse battery"}
                """.formatted(username, username));
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);

    /** Sample lines of the Prometheus text format: name with labels → value. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> out = new java.util.HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

}
