package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code GET /openapi.json} against the code: the document is valid OpenAPI 3.1; it describes exactly the routes the
 * router holds (a route added without documentation, or documented but gone, fails); every example in it satisfies
 * its schema; and a request to every route of a running server, on each engine, is answered with a status, headers
 * and a body the document describes for that route.
 */
@DatabaseTest
class OpenApiContractTest {

    private static final String TOKEN = "an-operator-token-for-the-openapi-tests";

    /** The headers of this API; a response that carries one must document it. */
    private static final List<String> API_HEADERS = List.of("Retry-After", "Windsurf-Commit-Position",
            "Idempotent-Replayed", "WWW-Authenticate");

    private final OpenApiDocument document = OpenApiDocument.served();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer server;

    private ApiServer start(Database db) {
        server = new ApiServer(db, TOKEN, Duration.ofSeconds(5), HttpSettings.defaults(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), OpenTelemetry.noop()).start("127.0.0.1", 0);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldBeAValidOpenApi31Document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(
                new String(OpenApiRoute.document(), StandardCharsets.UTF_8), null, options);

        assertThat(parsed.getMessages()).as("parser and validator messages").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("adminToken");
    }

    @Test
    void shouldReportWhatMakesADocumentInvalid() {
        // The validity check can fail: a document without its required info object is reported.
        String broken = new String(OpenApiRoute.document(), StandardCharsets.UTF_8)
                .replaceFirst("\"info\"", "\"x-info\"");

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(broken, null, new ParseOptions());

        assertThat(parsed.getMessages()).anySatisfy(m -> assertThat(m).contains("info"));
    }

    @Test
    void shouldDescribeEveryRegisteredRouteAndNoOther(Database db) {
        // Given a server with every optional route: the operator token and the metrics registry
        List<String> registered = start(db).routes();

        // Then the router and the document hold the same operations, in both directions
        Set<String> routes = new TreeSet<>(registered);
        TreeSet<String> documented = document.operations();
        Set<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        Set<String> gone = new TreeSet<>(documented);
        gone.removeAll(routes);
        assertThat(undocumented).as("routes registered on the router but missing from openapi.json").isEmpty();
        assertThat(gone).as("operations in openapi.json that no route serves").isEmpty();
        assertThat(routes).as("the router was read").contains("GET /openapi.json", "POST /admin/read-only",
                "GET /metrics", "DELETE /organizations/{id}/members/{userId}");
    }

    @Test
    void shouldServeTheDocumentAsJson(Database db) throws Exception {
        start(db);

        HttpResponse<String> response = send("GET", "/openapi.json", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(OpenApiDocument.JSON.readTree(response.body())).isEqualTo(document.root());
    }

    @Test
    void shouldMatchEveryDocumentedExampleToItsSchema() {
        Map<String, JsonNode[]> examples = document.examples();
        List<String> failures = new ArrayList<>();
        examples.forEach((where, pair) -> document.errors(pair[0], pair[1])
                .forEach(error -> failures.add(where + " " + error)));

        assertThat(examples).as("examples found").hasSizeGreaterThan(40);
        assertThat(failures).as("examples that break their schema").isEmpty();
    }

    @Test
    void shouldRefuseAValueTheSchemaDoesNotAllow() {
        // The check above can fail: a user carrying a password hash, or missing its id, breaks the User schema.
        JsonNode user = document.resolve(document.response("GET /users/{id}", 200).orElseThrow())
                .at("/content/application~1json/examples/alice/value");
        JsonNode schema = document.root().at("/components/schemas/User");
        assertThat(document.errors(schema, user)).isEmpty();

        JsonNode leaking = user.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) leaking).put("passwordHash", "$argon2id$v=19$m=19456,t=2,p=1$…");
        JsonNode incomplete = user.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) incomplete).remove("id");

        assertThat(document.errors(schema, leaking)).singleElement().asString().contains("passwordHash");
        assertThat(document.errors(schema, incomplete)).singleElement().asString().contains("id");
    }

    @OnBothEngines
    void shouldAnswerEveryRouteAsDocumented(Database db) throws Exception {
        start(db);
        Checked checked = new Checked();
        Map<String, String> json = Map.of("Content-Type", "application/json");

        checked.call("GET", "/health", null, Map.of(), 200);
        checked.call("GET", "/ready", null, Map.of(), 200);
        checked.call("GET", "/ready/writes", null, Map.of(), 200);
        checked.call("GET", "/metrics", null, Map.of(), 401);
        checked.call("GET", "/metrics", null, Map.of("Authorization", "Bearer " + TOKEN), 200);
        checked.call("GET", "/openapi.json", null, Map.of(), 200);

        // Users
        String alice = checked.call("POST", "/users", """
                {"username": "alice", "email": "alice@example.com", "password": "correct horse battery"}""",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "signup-alice"), 201).get("id").asString();
        HttpResponse<String> replay = checked.raw("POST", "/users", """
                {"username": "alice", "email": "alice@example.com", "password": "correct horse battery"}""",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "signup-alice"), 201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        checked.call("POST", "/users", """
                {"username": "alicia", "email": "alicia@example.com", "password": "correct horse battery"}""",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "signup-alice"), 422);
        checked.call("POST", "/users", """
                {"username": "alice", "email": "other@example.com", "password": "correct horse battery"}""", json, 409);
        checked.call("POST", "/users", "{\"username\": \"A\", \"email\": \"x\", \"password\": \"short\"}", json, 422);
        checked.call("POST", "/users", "{\"username\": \"bob\",", json, 400);
        checked.call("POST", "/users", "username=bob", Map.of("Content-Type", "text/plain"), 415);
        checked.call("POST", "/users", "{\"username\": \"" + "x".repeat(70_000) + "\"}", json, 413);
        checked.socket("GET", "/users", "Host: rebinding.example\r\n", 421);
        checked.socket("GET", "/users?cursor=" + "c".repeat(10_000), "Host: 127.0.0.1\r\n", 414);
        checked.socket("GET", "/health", "Host: 127.0.0.1\r\nX-Padding: " + "p".repeat(20_000) + "\r\n", 431);
        checked.socket("GET", "/users", "Host: 127.0.0.1\r\nX-HTTP-Method-Override: DELETE\r\n", 400);
        String bob = checked.call("POST", "/users", """
                {"username": "bob", "email": "bob@example.com", "password": "correct horse battery"}""", json, 201)
                .get("id").asString();
        checked.call("GET", "/users?limit=1", null, Map.of(), 200);
        checked.call("GET", "/users?limit=0", null, Map.of(), 422);
        checked.call("GET", "/users?active=maybe", null, Map.of(), 422);
        checked.call("GET", "/users/" + alice, null, Map.of(), 200);
        checked.call("GET", "/users/019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091", null, Map.of(), 404);
        checked.call("GET", "/users/not-an-id", null, Map.of(), 422);
        checked.call("PATCH", "/users/" + alice, "{\"email\": \"alice@example.org\"}", json, 200);
        checked.call("PATCH", "/users/" + alice, "{\"username\": \"bob\"}", json, 409);

        // Organizations and members
        String acme = checked.call("POST", "/organizations", "{\"name\": \"Acme\"}", json, 201).get("id").asString();
        checked.call("GET", "/organizations/" + acme, null, Map.of(), 200);
        checked.call("PATCH", "/organizations/" + acme, "{\"name\": \"Acme Corp\"}", json, 200);
        checked.call("POST", "/organizations/" + acme + "/members", "{\"userId\": \"" + bob + "\"}", json, 201);
        checked.call("GET", "/organizations/" + acme + "/members", null, Map.of(), 200);

        // Projects
        String engine = checked.call("POST", "/projects", """
                {"ownerId": "%s", "name": "Rocket", "organizationId": "%s"}""".formatted(bob, acme), json, 201)
                .get("id").asString();
        checked.call("POST", "/projects", """
                {"ownerId": "019a4b6e-7c1d-7e2f-8a3b-4c5d6e7f8091", "name": "Nobody's"}""", json, 422);
        checked.call("GET", "/projects/" + engine, null, Map.of(), 200);
        checked.call("PATCH", "/projects/" + engine, "{\"description\": \"Note G\"}", json, 200);
        checked.call("PATCH", "/projects/" + engine, "{\"description\": null}", json, 200);
        checked.call("GET", "/users/" + bob + "/projects", null, Map.of(), 200);
        checked.call("GET", "/organizations/" + acme + "/projects", null, Map.of(), 200);
        checked.call("DELETE", "/users/" + bob, null, Map.of(), 409);

        // Operators: read-only mode refuses writes with Retry-After
        Map<String, String> operator = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN);
        checked.call("POST", "/admin/read-only", "{\"enabled\": true, \"reason\": \"maintenance\"}",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer wrong"), 401);
        checked.call("POST", "/admin/read-only", "{\"enabled\": true}", operator, 422);
        checked.call("POST", "/admin/read-only", "{\"enabled\": true, \"reason\": \"maintenance\"}", operator, 200);
        HttpResponse<String> refused = checked.raw("POST", "/organizations", "{\"name\": \"Later\"}", json, 503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        checked.call("GET", "/ready/writes", null, Map.of(), 503);
        checked.call("POST", "/admin/read-only", "{\"enabled\": false}", operator, 200);

        // Deletes
        checked.call("DELETE", "/organizations/" + acme + "/members/" + bob, null, Map.of(), 204);
        checked.call("DELETE", "/projects/" + engine, null, Map.of(), 204);
        checked.call("GET", "/projects/" + engine, null, Map.of(), 404);
        checked.call("DELETE", "/organizations/" + acme, null, Map.of(), 204);
        checked.call("DELETE", "/users/" + alice, null, Map.of(), 204);

        assertThat(checked.failures).as("responses that the document does not describe").isEmpty();
        Set<String> untried = new TreeSet<>(document.operations());
        untried.removeAll(checked.operations);
        assertThat(untried).as("documented operations this test did not call").isEmpty();
    }

    /** Sends requests and checks each answer against the document, collecting every mismatch. */
    private final class Checked {
        final List<String> failures = new ArrayList<>();
        final Set<String> operations = new LinkedHashSet<>();

        JsonNode call(String method, String path, String body, Map<String, String> headers, int expected)
                throws Exception {
            HttpResponse<String> response = raw(method, path, body, headers, expected);
            return response.body().isEmpty() ? null : OpenApiDocument.JSON.readTree(response.body());
        }

        HttpResponse<String> raw(String method, String path, String body, Map<String, String> headers,
                                 int expected) throws Exception {
            HttpResponse<String> response = send(method, path, body, headers);
            String request = method + " " + path;
            assertThat(response.statusCode()).as("%s: %s", request, response.body()).isEqualTo(expected);
            String operation = document.operationFor(method, URI.create(path).getPath()).orElse(null);
            if (operation == null) {
                failures.add(request + ": no documented operation");
                return response;
            }
            operations.add(operation);
            check(request, operation, response.statusCode(),
                    name -> response.headers().firstValue(name).orElse(null), response.body());
            return response;
        }

        /**
         * Sends a request as raw bytes over a socket, for what the HTTP client will not send (another Host, a
         * request line or headers too long), and checks the answer like any other.
         */
        void socket(String method, String path, String headers, int expected) {
            RawHttp.Answer answer = RawHttp.send(server.port(), method + " " + path + " HTTP/1.1\r\n" + headers
                    + "Connection: close\r\n\r\n", false);
            String request = method + " " + (path.length() > 60 ? path.substring(0, 60) + "…" : path);
            assertThat(answer.status()).as("%s: %s", request, answer.body()).isEqualTo(expected);
            String operation = document.operationFor(method, URI.create(path).getPath()).orElseThrow();
            check(request, operation, answer.status(), name -> headerOf(answer.head(), name), answer.body());
        }

        private static String headerOf(String head, String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        private void check(String request, String operation, int status,
                           java.util.function.Function<String, String> header, String body) {
            String at = request + " -> " + status;
            JsonNode documented = document.response(operation, status).orElse(null);
            if (documented == null) {
                failures.add(at + ": status not documented for " + operation);
                return;
            }
            String type = header.apply("Content-Type");
            JsonNode content = documented.get("content");
            if (content == null) {
                if (!body.isEmpty()) {
                    failures.add(at + ": documented without a body, answered " + body);
                }
            } else {
                JsonNode media = mediaType(content, type);
                if (media == null) {
                    failures.add(at + ": content type " + type + " not documented");
                } else if (type.startsWith("application/json")) {
                    document.errors(media.get("schema"), OpenApiDocument.JSON.readTree(body))
                            .forEach(error -> failures.add(at + ": " + error));
                }
            }
            JsonNode headers = documented.get("headers");
            for (String name : API_HEADERS) {
                String value = header.apply(name);
                if (value == null) {
                    continue;
                }
                JsonNode spec = headers == null ? null : headers.get(name);
                if (spec == null) {
                    failures.add(at + ": header " + name + " is sent but not documented");
                    continue;
                }
                JsonNode schema = document.resolve(spec).get("schema");
                JsonNode asJson = schema.path("type").asString("").equals("integer") && value.matches("[0-9]+")
                        ? JsonNodeFactory.instance.numberNode(Long.parseLong(value))
                        : JsonNodeFactory.instance.stringNode(value);
                document.errors(schema, asJson).forEach(error -> failures.add(at + ": header " + name + " "
                        + error));
            }
        }

        private JsonNode mediaType(JsonNode content, String type) {
            if (type == null) {
                return null;
            }
            String base = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
            for (Map.Entry<String, JsonNode> media : content.properties()) {
                if (media.getKey().split(";")[0].trim().toLowerCase(Locale.ROOT).equals(base)) {
                    return media.getValue();
                }
            }
            return null;
        }
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
