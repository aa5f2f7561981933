package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.Database;
import dev.windsurf.data.testkit.DatabaseTest;
import dev.windsurf.data.testkit.OnBothEngines;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator route: which tokens may be configured, how the scheme is read, and which reasons are accepted. */
@DatabaseTest
class OperatorRouteTest {

    static final String TOKEN = "operator-token-0123456789-abcdefghij";

    private Database db;
    private ApiServer server;
    private int port;

    @BeforeEach
    void startServer(Database database) {
        db = database;
        server = new ApiServer(db, TOKEN, Duration.ofSeconds(5)).start("127.0.0.1", 0);
        port = server.port();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void shouldRefuseAtStartTokensThatCanNeverAuthenticateOrAreWeak() {
        for (String token : new String[] {" ".repeat(40), TOKEN + " ", "opérateur-token-0123456789-abcdefghij",
                "operator token 0123456789 abcdefghij", "tab\tseparated-token-0123456789-abcdefgh",
                "a-sixteen-chars!", "x".repeat(31), ""}) {
            assertThatThrownBy(() -> new ApiServer(db, token, Duration.ofSeconds(1)))
                    .as("token %s", token.replace("\t", "\\t"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("WINDSURF_ADMIN_TOKEN")
                    .hasMessageNotContaining(token.isEmpty() ? "\u0000" : token);
        }
        assertThat(new ApiServer(db, "x".repeat(32), Duration.ofSeconds(1))).isNotNull();
    }

    private RawHttp.Answer enter(String authorization, String reasonJson) {
        String body = "{\"enabled\": true, \"reason\": " + reasonJson + "}";
        return RawHttp.send(port, "POST /admin/read-only HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nAuthorization: " + authorization + "\r\nContent-Length: "
                + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + body, false);
    }

    @OnBothEngines
    void shouldReadTheBearerSchemeCaseInsensitively() {
        assertThat(enter("bearer " + TOKEN, "\"maintenance\"").status()).isEqualTo(200);
        assertThat(enter("BEARER " + TOKEN, "\"maintenance\"").status()).isEqualTo(200);
        assertThat(enter("Basic " + TOKEN, "\"maintenance\"").status()).isEqualTo(401);
        assertThat(enter("Bearer " + TOKEN.toUpperCase(), "\"maintenance\"").status()).as("the token is exact")
                .isEqualTo(401);
    }

    @OnBothEngines
    void shouldRefuseReasonsThatAreTooLongOrHoldControlCharacters() {
        RawHttp.Answer forged = enter("Bearer " + TOKEN, "\"maintenance\\n12:00:00.000 INFO forged line\"");
        RawHttp.Answer huge = enter("Bearer " + TOKEN, "\"" + "r".repeat(201) + "\"");
        RawHttp.Answer separator = enter("Bearer " + TOKEN, "\"a\\u2028b\"");

        assertThat(forged.status()).isEqualTo(422);
        assertThat(forged.json().path("error").path("violations").get(0).path("field").asText()).isEqualTo("reason");
        assertThat(huge.status()).isEqualTo(422);
        assertThat(separator.status()).isEqualTo(422);
        assertThat(db.readOnly().isReadOnly()).isFalse();
        assertThat(enter("Bearer " + TOKEN, "\"" + "r".repeat(200) + "\"").status()).isEqualTo(200);
    }
}
