package dev.windsurf.example.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgCluster;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The app's GET right after its POST on a lagging read replica (a throwaway primary and hot standby whose replay is
 * paused; never the shared server): the client that sends back the commit position it was given finds its row.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadYourWritesApiTest {

    private static final String DATABASE = "app";

    private static PgCluster primary;
    private static PgCluster standby;

    private Database db;
    private ApiServer server;
    private ApiClient api;

    @BeforeAll
    static void startPrimaryAndStandby() {
        PgCluster.assumeAvailable();
        primary = PgCluster.start();
        primary.createDatabase(DATABASE);
        Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
        standby = primary.startStandby();
    }

    @AfterAll
    static void stopClusters() {
        if (primary != null) {
            primary.close();
        }
    }

    @BeforeEach
    void start() {
        db = Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .readUrl(standby.jdbcUrl(DATABASE)).schemaPolicy(SchemaPolicy.NONE).poolSize(3)
                .replicaMaxLag(Duration.ofHours(1)).replicaCheckInterval(Duration.ofMillis(100))
                .replicaCatchUpTimeout(Duration.ofMillis(200)).build());
        Await.until(Duration.ofSeconds(10), () -> db.health().readReplicaInUse());
        server = new ApiServer(db, null, Duration.ofSeconds(5)).start("127.0.0.1", 0);
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() throws SQLException {
        if (server != null) {
            server.stop();
        }
        if (db != null) {
            db.close();
        }
        execute("SELECT pg_wal_replay_resume()");
    }

    @Test
    void shouldFindWhatTheClientJustCreatedWhenItSendsBackTheCommitPosition() throws Exception {
        // Given a replica that replays nothing
        execute("SELECT pg_wal_replay_pause()");

        // When
        ApiClient.Response created = api.post("/users", """
                {"username": "fresh", "email": "fresh@example.com", "password": "correct horse battery"}""");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        String position = created.header(ReadYourWrites.HEADER);

        // Then a client without the position reads the lagging replica, and one with it finds its row
        assertThat(position).matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}");
        assertThat(api.get("/users/" + id).status()).as("without the position").isEqualTo(404);
        HttpResponse<String> own = api.getText("/users/" + id, ReadYourWrites.HEADER, position);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"fresh\"");
        assertThat(own.headers().firstValue(ReadYourWrites.HEADER)).as("a read sends no position").isEmpty();
    }

    @Test
    void shouldRefuseAMalformedPositionWithoutQuotingIt() {
        HttpResponse<String> response = api.getText("/users", ReadYourWrites.HEADER, "1/2'<script>");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains(ReadYourWrites.HEADER).doesNotContain("<script>");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(standby.jdbcUrl(DATABASE), PgCluster.USER, "");
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
