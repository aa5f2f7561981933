package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.windsurf.data.Database;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import io.opentelemetry.api.OpenTelemetry;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Requests an attacker sends rather than a client: each one answers a 4xx in the JSON error shape, logs at most one
 * warning without a stack trace, and changes nothing.
 */
@DatabaseTest
class HttpHardeningTest {

    private static final String USER = """
            {"username": "%s", "email": "%s@example.com", "password": "correct horse battery"}""";

    private Database db;
    private ApiServer server;
    private int port;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void startServer(Database database) {
        db = database;
        server = new ApiServer(db, null, Duration.ofSeconds(5), HttpSettings.builder()
                .requestHeaderTimeout(Duration.ofMillis(800))
                .build(), null, OpenTelemetry.noop()).start("127.0.0.1", 0);
        port = server.port();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stopServer() {
        root().detachAppender(log);
        server.stop();
    }

    private int userCount() {
        return db.read(tx -> tx.fetchCount(tx.meta().getTables("users").getFirst()));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private String head(String method, String path, String... headers) {
        StringBuilder text = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("\r\n").toString();
    }

    private void assertQuietRefusal(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.head() + "\n" + answer.body()).isEqualTo(status);
        assertThat(answer.head().toLowerCase()).contains("content-type: application/json");
        assertThat(answer.json().path("error").path("status").asInt()).isEqualTo(status);
        List<ILoggingEvent> loud = new ArrayList<>();
        for (ILoggingEvent event : log.list) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                loud.add(event);
            }
        }
        assertThat(loud).as("warnings and errors").hasSizeLessThanOrEqualTo(1)
                .allSatisfy(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getThrowableProxy()).as("stack trace").isNull();
                });
        assertThat(log.list).noneMatch(event -> event.getThrowableProxy() != null);
    }

    @OnBothEngines
    void shouldAnswer400WithOneWarningForAChunkedBodyCutShort() {
        RawHttp.Answer answer = RawHttp.send(port, head("POST", "/users", "Content-Type: application/json",
                "Transfer-Encoding: chunked") + "10\r\n{\"username\": \"al", true);

        assertQuietRefusal(answer, 400);
        assertThat(userCount()).isZero();
    }

    @Test
    void shouldAnswer400WithOneWarningForMalformedChunking() {
        RawHttp.Answer answer = RawHttp.send(port, head("POST", "/users", "Content-Type: application/json",
                "Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n", false);

        assertQuietRefusal(answer, 400);
    }

    @Test
    void shouldAnswer400WithOneWarningForABodyShorterThanItsLength() {
        RawHttp.Answer answer = RawHttp.send(port, head("POST", "/users", "Content-Type: application/json",
                "Content-Length: 100") + "{\"username\": ", true);

        assertQuietRefusal(answer, 400);
    }

    @OnBothEngines
    void shouldRefuseBodiesThatAreNotJsonWith415() {
        String body = USER.formatted("mallory", "mallory");
        RawHttp.Answer plain = RawHttp.send(port, head("POST", "/users", "Content-Type: text/plain",
                "Content-Length: " + body.length()) + body, false);
        assertQuietRefusal(plain, 415);
        assertThat(plain.errorCode()).isEqualTo("unsupported_media_type");

        RawHttp.Answer none = RawHttp.send(port, head("POST", "/users", "Content-Length: " + body.length()) + body,
                false);
        RawHttp.Answer form = RawHttp.send(port, head("POST", "/users",
                "Content-Type: application/x-www-form-urlencoded", "Content-Length: " + body.length()) + body, false);

        assertThat(none.status()).isEqualTo(415);
        assertThat(form.status()).isEqualTo(415);
        RawHttp.Answer json = RawHttp.send(port, head("POST", "/users",
                "Content-Type: application/json; charset=UTF-8", "Content-Length: " + body.length()) + body, false);
        assertThat(json.status()).isEqualTo(201);
    }

    @Test
    void shouldAnswer421ForAHostThatIsNotAllowed() {
        RawHttp.Answer rebinding = RawHttp.send(port, "GET /users HTTP/1.1\r\nHost: attacker.example:" + port
                + "\r\n\r\n", false);
        RawHttp.Answer absolute = RawHttp.send(port, "GET http://attacker.example/users HTTP/1.1\r\nHost: localhost"
                + "\r\n\r\n", false);

        assertQuietRefusal(rebinding, 421);
        assertThat(rebinding.errorCode()).isEqualTo("misdirected_request");
        assertThat(absolute.status()).as("a request target naming another host").isIn(400, 421);
        for (String host : List.of("localhost", "127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port,
                "LOCALHOST")) {
            assertThat(RawHttp.send(port, "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n",
                    false).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void shouldAllowTheConfiguredHostsOnly() {
        ApiServer named = new ApiServer(db, null, Duration.ofSeconds(5), HttpSettings.builder()
                .allowedHosts(Set.of("api.example.org")).build(), null, OpenTelemetry.noop()).start("127.0.0.1", 0);
        try {
            assertThat(RawHttp.send(named.port(), "GET /health HTTP/1.1\r\nHost: API.example.org\r\n"
                    + "Connection: close\r\n\r\n", false).status()).isEqualTo(200);
            assertThat(RawHttp.send(named.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n", false).status()).isEqualTo(421);
        } finally {
            named.stop();
        }
    }

    @OnBothEngines
    void shouldNotLetAHeaderTurnAGetIntoADelete() {
        String org = new ApiClient(port).post("/organizations", "{\"name\": \"Acme\"}").body().get("id").asText();

        RawHttp.Answer answer = RawHttp.send(port, head("GET", "/organizations/" + org,
                "X-HTTP-Method-Override: DELETE", "Connection: close"), false);

        assertQuietRefusal(answer, 400);
        assertThat(new ApiClient(port).get("/organizations/" + org).status()).isEqualTo(200);
    }

    @Test
    void shouldAnswerJettysOwnErrorsInTheJsonShape() {
        RawHttp.Answer longUri = RawHttp.send(port, head("GET", "/users?x=" + "a".repeat(20_000)), false);
        RawHttp.Answer bigHeader = RawHttp.send(port, head("GET", "/health", "X-Big: " + "b".repeat(20_000)), false);
        RawHttp.Answer badVersion = RawHttp.send(port, "GET /health HTTP/7.1\r\nHost: 127.0.0.1\r\n\r\n", false);
        RawHttp.Answer patchNowhere = RawHttp.send(port, head("PATCH", "/nowhere", "Content-Type: application/json",
                "Content-Length: 2", "Connection: close") + "{}", false);
        RawHttp.Answer deleteHealth = RawHttp.send(port, head("DELETE", "/health", "Connection: close"), false);

        assertQuietRefusal(longUri, 414);
        assertQuietRefusal(bigHeader, 431);
        assertQuietRefusal(badVersion, 400);
        assertThat(patchNowhere.json().path("error").path("status").asInt()).isEqualTo(patchNowhere.status());
        assertThat(patchNowhere.status()).isIn(404, 405);
        assertThat(deleteHealth.json().path("error").path("status").asInt()).isEqualTo(deleteHealth.status());
        assertThat(deleteHealth.status()).isIn(404, 405);
    }

    @OnBothEngines
    void shouldRefuseTrailingContentDuplicateKeysAndNonAsciiDigits() {
        ApiClient api = new ApiClient(port);

        ApiClient.Response trailing = api.post("/users", USER.formatted("trent", "trent") + " {\"x\": 1}");
        ApiClient.Response duplicate = api.post("/users", """
                {"username": "dupe", "username": "other", "email": "d@example.com", "password": "correct horse battery"}""");

        assertThat(trailing.status()).isEqualTo(400);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.error().get("message").asText()).contains("twice");
        assertThat(api.get("/users?limit=%D9%A1%D9%A0").status()).as("Arabic-Indic ten").isEqualTo(422);
        assertThat(api.get("/users?limit=+5").status()).isEqualTo(422);
        assertThat(api.get("/users?limit=05").status()).isEqualTo(200);
        assertThat(userCount()).isZero();
    }

    @Test
    void shouldCloseAConnectionThatNeverFinishesItsHeaders() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            InputStream in = slow.getInputStream();
            // Keep trickling header bytes, which an idle time-out alone would accept for ever.
            for (int i = 0; i < 40 && !slow.isInputShutdown(); i++) {
                try {
                    slow.getOutputStream().write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException closed) {
                    break;
                }
                if (in.available() > 0 || Thread.interrupted()) {
                    break;
                }
                Thread.sleep(100);
            }
            int read;
            try {
                read = in.read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(read).as("closed without an answer").isEqualTo(-1);
            assertThat(tookMillis).isBetween(500L, 4_000L);
        }
        assertThat(new ApiClient(port).get("/health").status()).isEqualTo(200);
    }

    @Test
    void shouldCutOffABodySentTooSlowly() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setSoTimeout(15_000);
            slow.getOutputStream().write(head("POST", "/users", "Content-Type: application/json",
                    "Content-Length: 1000").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean cutOff = false;
            for (int i = 0; i < 150 && !cutOff; i++) {
                try {
                    slow.getOutputStream().write(' ');
                    slow.getOutputStream().flush();
                } catch (java.io.IOException closed) {
                    cutOff = true;
                }
                cutOff |= slow.getInputStream().available() > 0;
                Thread.sleep(100);
            }
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(cutOff).as("cut off before the body was complete").isTrue();
            assertThat(tookMillis).isLessThan(14_000);
        }
        assertThat(userCount()).isZero();
        assertThat(log.list).noneMatch(event -> event.getLevel() == Level.ERROR);
    }

    @Test
    void shouldStopAcceptingAtTheConnectionLimitAndResumeBelowIt() throws Exception {
        ApiServer limited = new ApiServer(db, null, Duration.ofSeconds(5), HttpSettings.builder()
                .maxConnections(3).build(), null, OpenTelemetry.noop()).start("127.0.0.1", 0);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("127.0.0.1", limited.port());
                socket.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                held.add(socket);
            }
            Thread.sleep(300);
            try (Socket waiting = new Socket("127.0.0.1", limited.port())) {
                waiting.setSoTimeout(700);
                waiting.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(readsWithin(waiting)).as("answered over the limit").isFalse();

                held.removeFirst().close();
                waiting.setSoTimeout(5_000);
                assertThat(readsWithin(waiting)).as("answered once below the limit").isTrue();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
            limited.stop();
        }
    }

    private static boolean readsWithin(Socket socket) throws java.io.IOException {
        try {
            return socket.getInputStream().read() >= 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }
}
