package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.windsurf.data.Database;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;

/**
 * The HTTP API end to end: a real server on a random port, driven over HTTP, on a fresh database of each engine from
 * the test kit (which stands in for the app's own database).
 */
@DatabaseTest
class ApiTest {

    static final String TOKEN = "an-operator-token-for-the-api-tests";

    private Database db;
    private ApiServer server;
    private ApiClient api;

    @BeforeEach
    void startServer(Database database) {
        db = database;
        server = new ApiServer(db, TOKEN, Duration.ofSeconds(5)).start("127.0.0.1", 0);
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private String createUser(String username) {
        ApiClient.Response created = api.post("/users", """
                {"username": "%s", "email": "%s@example.com", "password": "correct horse battery"}
                """.formatted(username, username));
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    @OnBothEngines
    void shouldAnswerLivenessAndReadinessWithTheDatabaseState() {
        assertThat(api.get("/health").status()).isEqualTo(200);

        ApiClient.Response ready = api.get("/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("mode").asText()).isEqualTo("READ_WRITE");
        assertThat(ready.body().get("engine").asText()).isEqualTo(db.engine().name());
        assertThat(ready.body().get("schemaVersion").asText()).isEqualTo(db.schemaVersion());
        assertThat(ready.body().get("fallbackActive").asBoolean()).isFalse();
    }

    @OnBothEngines
    void shouldCreateReadUpdateListAndDeleteUsers() {
        ApiClient.Response created = api.post("/users", """
                {"username": "alice", "email": "Alice@Example.com", "password": "correct horse battery"}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.body().has("password")).isFalse();
        assertThat(created.body().has("passwordHash")).isFalse();
        assertThat(created.raw().body()).doesNotContain("argon2", "correct horse");

        assertThat(api.get("/users/" + id).body().get("username").asText()).isEqualTo("alice");
        ApiClient.Response patched = api.patch("/users/" + id, "{\"email\": \"alice@example.org\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("email").asText()).isEqualTo("alice@example.org");
        assertThat(patched.body().get("username").asText()).isEqualTo("alice");

        createUser("bob");
        createUser("carol");
        ApiClient.Response first = api.get("/users?limit=2");
        assertThat(first.body().get("items")).hasSize(2);
        String cursor = first.body().get("nextCursor").asText();
        ApiClient.Response second = api.get("/users?limit=2&cursor=" + cursor);
        assertThat(second.body().get("items")).hasSize(1);
        assertThat(second.body().get("nextCursor").isNull()).isTrue();
        Set<String> names = new HashSet<>();
        first.body().get("items").forEach(u -> names.add(u.get("username").asText()));
        second.body().get("items").forEach(u -> names.add(u.get("username").asText()));
        assertThat(names).containsExactlyInAnyOrder("alice", "bob", "carol");

        assertThat(api.delete("/users/" + id).status()).isEqualTo(204);
        assertThat(api.get("/users/" + id).status()).isEqualTo(404);
    }

    @OnBothEngines
    void shouldManageOrganizationsMembersAndTheirProjects() {
        ApiClient.Response org = api.post("/organizations", "{\"name\": \"Acme\"}");
        assertThat(org.status()).isEqualTo(201);
        String orgId = org.body().get("id").asText();
        String dora = createUser("dora");

        assertThat(api.post("/organizations/" + orgId + "/members", "{\"userId\": \"" + dora + "\"}").status())
                .isEqualTo(201);
        assertThat(api.get("/organizations/" + orgId + "/members").body().get("items").get(0).get("id").asText())
                .isEqualTo(dora);
        ApiClient.Response project = api.post("/projects", """
                {"ownerId": "%s", "name": "Rocket", "organizationId": "%s"}""".formatted(dora, orgId));
        assertThat(project.status()).isEqualTo(201);
        String projectId = project.body().get("id").asText();
        assertThat(api.get("/organizations/" + orgId + "/projects").body().get("items")).hasSize(1);
        assertThat(api.get("/users/" + dora + "/projects").body().get("items").get(0).get("name").asText())
                .isEqualTo("Rocket");

        assertThat(api.patch("/organizations/" + orgId, "{\"name\": \"Acme Corp\"}").body().get("name").asText())
                .isEqualTo("Acme Corp");
        assertThat(api.get("/organizations/" + orgId).body().get("name").asText()).isEqualTo("Acme Corp");
        assertThat(api.delete("/organizations/" + orgId + "/members/" + dora).status()).isEqualTo(204);
        assertThat(api.get("/organizations/" + orgId + "/members").body().get("items")).isEmpty();
        assertThat(api.delete("/organizations/" + orgId).status()).isEqualTo(204);
        assertThat(api.get("/organizations/" + orgId).status()).isEqualTo(404);
        assertThat(api.get("/projects/" + projectId).body().get("organizationId").isNull()).isTrue();
    }

    @OnBothEngines
    void shouldRenameDescribeTransferAndDeleteProjects() {
        String erin = createUser("erin");
        String frank = createUser("frank");
        String id = api.post("/projects", "{\"ownerId\": \"" + erin + "\", \"name\": \"Kite\"}").body().get("id")
                .asText();

        JsonNode patched = api.patch("/projects/" + id, """
                {"name": "Big Kite", "description": "flies", "ownerId": "%s"}""".formatted(frank)).body();

        assertThat(patched.get("name").asText()).isEqualTo("Big Kite");
        assertThat(patched.get("description").asText()).isEqualTo("flies");
        assertThat(patched.get("ownerId").asText()).isEqualTo(frank);
        assertThat(api.patch("/projects/" + id, "{\"description\": null}").body().get("description").isNull())
                .isTrue();
        assertThat(api.delete("/projects/" + id).status()).isEqualTo(204);
        assertThat(api.get("/projects/" + id).status()).isEqualTo(404);
    }

    @OnBothEngines
    void shouldAnswer400ForMalformedJsonOrWrongTypesNamingNoInput() {
        ApiClient.Response malformed = api.post("/users", "{\"username\": ");
        ApiClient.Response wrongType = api.post("/users", """
                {"username": 5, "email": "a@example.com", "password": "correct horse battery"}""");
        ApiClient.Response unknown = api.post("/users", """
                {"username": "gus", "email": "g@example.com", "password": "correct horse battery", "admin": true}""");
        ApiClient.Response empty = api.post("/users", "");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error().get("code").asText()).isEqualTo("bad_request");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.error().get("message").asText()).contains("username");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error().get("message").asText()).contains("admin");
        assertThat(empty.status()).isEqualTo(400);
    }

    @OnBothEngines
    void shouldAnswer422WithEveryInvalidField() {
        ApiClient.Response invalid = api.post("/users", """
                {"username": "No Spaces", "email": "not-an-email", "password": "short"}""");

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.error().get("code").asText()).isEqualTo("validation_failed");
        Set<String> fields = new HashSet<>();
        invalid.error().get("violations").forEach(v -> fields.add(v.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("username", "email", "password");
        assertThat(invalid.raw().body()).doesNotContain("short");
        assertThat(api.get("/users?limit=0").status()).isEqualTo(422);
        assertThat(api.get("/users?limit=abc").status()).isEqualTo(422);
        assertThat(api.get("/users/not-an-id").status()).isEqualTo(422);
        assertThat(api.post("/projects", "{\"ownerId\": \"" + "0".repeat(8) + "-0000-7000-8000-000000000000"
                + "\", \"name\": \"x\"}").status()).isEqualTo(422);
    }

    @OnBothEngines
    void shouldAnswer404And409() {
        createUser("hank");

        ApiClient.Response duplicate = api.post("/users", """
                {"username": "hank", "email": "other@example.com", "password": "correct horse battery"}""");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.error().get("field").asText()).isEqualTo("username");
        assertThat(api.get("/users/01a20d29-9780-736d-8ad0-3ab5cd2a7da4").status()).isEqualTo(404);
        assertThat(api.get("/no/such/route").status()).isEqualTo(404);
        assertThat(api.get("/no/such/route").error().get("code").asText()).isEqualTo("not_found");
    }

    @OnBothEngines
    void shouldAnswer413ForABodyOverTheLimit() {
        ApiClient.Response big = api.post("/users", "{\"username\": \"" + "a".repeat(70_000) + "\"}");

        assertThat(big.status()).isEqualTo(413);
        assertThat(big.error().get("code").asText()).isEqualTo("payload_too_large");
    }

    @OnBothEngines
    void shouldGoReadOnlyThroughTheOperatorRouteAndBack() {
        String ivan = createUser("ivan");
        assertThat(api.post("/admin/read-only", "{\"enabled\": true, \"reason\": \"x\"}").status()).isEqualTo(401);
        assertThat(api.post("/admin/read-only", "{\"enabled\": true, \"reason\": \"x\"}", "wrong-token-wrong-token")
                .status()).isEqualTo(401);

        ApiClient.Response entered = api.post("/admin/read-only",
                "{\"enabled\": true, \"reason\": \"maintenance\"}", TOKEN);
        ApiClient.Response refused = api.post("/users", """
                {"username": "judy", "email": "judy@example.com", "password": "correct horse battery"}""");

        assertThat(entered.status()).isEqualTo(200);
        assertThat(entered.body().get("mode").asText()).isEqualTo("READ_ONLY");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.error().get("code").asText()).isEqualTo("read_only");
        assertThat(refused.error().get("message").asText()).contains("maintenance");
        assertThat(api.get("/users/" + ivan).status()).as("reads still work").isEqualTo(200);
        assertThat(api.get("/ready").body().get("mode").asText()).isEqualTo("READ_ONLY");

        assertThat(api.post("/admin/read-only", "{\"enabled\": false}", TOKEN).status()).isEqualTo(200);
        assertThat(api.post("/users", """
                {"username": "judy", "email": "judy@example.com", "password": "correct horse battery"}""").status())
                .isEqualTo(201);
    }

    @OnBothEngines
    void shouldLeaveOutTheOperatorRoutesWithoutAToken() {
        ApiServer plain = new ApiServer(db, null, Duration.ofSeconds(5)).start("127.0.0.1", 0);
        try {
            ApiClient.Response response = new ApiClient(plain.port()).post("/admin/read-only",
                    "{\"enabled\": true, \"reason\": \"x\"}", TOKEN);
            assertThat(response.status()).isEqualTo(404);
            assertThat(db.readOnly().isReadOnly()).isFalse();
        } finally {
            plain.stop();
        }
    }

    @Test
    void shouldStopWhenTheGracePeriodRunsOutWithAClientStillConnected() throws Exception {
        ApiServer shortGrace = new ApiServer(db, null, Duration.ofMillis(100)).start("127.0.0.1", 0);
        int port = shortGrace.port();
        // A keep-alive connection left idle after a request: Jetty closes it only after its shutdown idle time-out
        // (1 s), well past this server's 100 ms grace period.
        assertThat(new ApiClient(port).get("/health").status()).isEqualTo(200);

        long started = System.nanoTime();
        shortGrace.stop();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(tookMillis).isLessThan(5_000);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        shortGrace.stop();
    }
}
