package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Engine;
import dev.windsurf.data.testkit.TestDatabase;
import dev.windsurf.data.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A write whose COMMIT loses its connection gets an answer of its own, distinct from the 503s that mean "nothing was
 * written, retry": 504 {@code outcome_unknown}, without {@code Retry-After}, because the change may have been applied
 * and the client must check before trying again.
 *
 * <p>The fault is real: a deferred constraint trigger, which PostgreSQL runs during COMMIT, ends its own session
 * ({@code pg_terminate_backend}), so the connection is lost while committing.
 */
class OutcomeUnknownApiTest {

    @Test
    void shouldAnswer504OutcomeUnknownWhenTheConnectionIsLostDuringCommit() throws Exception {
        TestDatabases.postgresUnavailableReason().ifPresent(reason -> {
            if (!TestDatabases.postgresRequired()) {
                Assumptions.abort("PostgreSQL is not available: " + reason);
            }
        });
        try (TestDatabase test = TestDatabases.open(Engine.POSTGRESQL)) {
            try (Connection c = test.database().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("""
                        CREATE FUNCTION end_own_session() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$""");
                st.execute("""
                        CREATE CONSTRAINT TRIGGER lose_connection_on_commit AFTER INSERT ON users
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.username = 'doomed')
                        EXECUTE FUNCTION end_own_session()""");
            }
            ApiServer server = new ApiServer(test.database(), ApiTest.TOKEN, Duration.ofSeconds(5))
                    .start("127.0.0.1", 0);
            try {
                ApiClient api = new ApiClient(server.port());

                ApiClient.Response answer = api.post("/users", """
                        {"username": "doomed", "email": "doomed@example.com", "password": "correct horse battery"}""");

                assertThat(answer.status()).isEqualTo(504);
                assertThat(answer.body().get("error").get("code").asText()).isEqualTo("outcome_unknown");
                assertThat(answer.body().get("error").get("message").asText()).contains("may or may not");
                assertThat(answer.raw().headers().firstValue("Retry-After")).isEmpty();
                assertThat(api.post("/users", """
                        {"username": "spared", "email": "spared@example.com", "password": "correct horse battery"}""")
                        .status()).isEqualTo(201);
            } finally {
                server.stop();
            }
        }
    }
}
