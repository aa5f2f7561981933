package dev.windsurf.example.http;

import static dev.windsurf.example.schema.Tables.IDEMPOTENCY_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * POSTs with an Idempotency-Key over HTTP, on both engines: the app's own migration set (idempotency_keys), stacked on
 * WindSurf's, remembers the first response.
 */
@DatabaseTest
class IdempotencyTest {

    private static final String USER = """
            {"username": "%s", "email": "%s@example.com", "password": "correct horse battery"}""";

    private Database db;
    private ApiServer server;
    private ApiClient api;

    @BeforeEach
    void startServer(Database database) {
        db = database;
        server = new ApiServer(db, null, Duration.ofSeconds(5)).start("127.0.0.1", 0);
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private int users(String username) {
        return db.read(tx -> tx.fetchCount(dev.windsurf.data.schema.Tables.USERS,
                dev.windsurf.data.schema.Tables.USERS.USERNAME.eq(username)));
    }

    @OnBothEngines
    void shouldAnswerARetryWithTheFirstResponseInsteadOfAConflict() {
        String key = UUID.randomUUID().toString();

        ApiClient.Response first = api.postWithHeader("/users", USER.formatted("kite", "kite"), "Idempotency-Key", key);
        ApiClient.Response retry = api.postWithHeader("/users", USER.formatted("kite", "kite"), "Idempotency-Key", key);
        ApiClient.Response withoutKey = api.post("/users", USER.formatted("kite", "kite"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(withoutKey.status()).isEqualTo(409);
        assertThat(users("kite")).isEqualTo(1);
    }

    @OnBothEngines
    void shouldRefuseTheSameKeyWithAnotherRequest() {
        String key = UUID.randomUUID().toString();
        assertThat(api.postWithHeader("/organizations", "{\"name\": \"Gusts\"}", "Idempotency-Key", key).status())
                .isEqualTo(201);

        ApiClient.Response other = api.postWithHeader("/organizations", "{\"name\": \"Other\"}", "Idempotency-Key",
                key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.error().get("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(other.error().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @OnBothEngines
    void shouldAnswerTheRetryOfARequestWhoseResponseWasLost() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = USER.formatted("lost", "lost");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // The first request is sent and the connection closed at once: its response never reaches the client
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Idempotency-Key: " + key + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            socket.shutdownOutput();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (db.read(tx -> tx.fetchCount(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key))) == 0) {
            assertThat(System.nanoTime()).as("the first request was processed").isLessThan(deadline);
            Thread.sleep(20);
        }

        ApiClient.Response retry = api.postWithHeader("/users", body, "Idempotency-Key", key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body().get("username").asText()).isEqualTo("lost");
        assertThat(users("lost")).isEqualTo(1);
    }

    @OnBothEngines
    void shouldRunAgainAfterAFailureAndRefuseMalformedKeys() {
        String key = UUID.randomUUID().toString();
        ApiClient.Response invalid = api.postWithHeader("/users", USER.formatted("x", "bad"), "Idempotency-Key", key);
        ApiClient.Response fixed = api.postWithHeader("/users", USER.formatted("fixed", "fixed"), "Idempotency-Key",
                UUID.randomUUID().toString());
        ApiClient.Response malformed = api.postWithHeader("/users", USER.formatted("other", "other"),
                "Idempotency-Key", "a".repeat(256));

        assertThat(invalid.status()).isEqualTo(422);
        int stored = db.read(tx -> tx.fetchCount(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(key)));
        assertThat(stored).isZero();
        assertThat(fixed.status()).isEqualTo(201);
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(malformed.error().get("violations").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(users("other")).isZero();
    }

    @OnBothEngines
    void shouldReportEveryMigrationSetInReadiness() {
        ApiClient.Response ready = api.get("/ready");

        assertThat(ready.body().get("migrationSets").toString())
                .contains("\"set\":\"windsurf\"", "\"set\":\"example\"", "\"current\":true");
    }
}
