package dev.windsurf.data.project;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.ConflictException;
import dev.windsurf.data.Database;
import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.DatabaseListener;
import dev.windsurf.data.ReadOnlyModeException;
import dev.windsurf.data.RetrySettings;
import dev.windsurf.data.SchemaPolicy;
import dev.windsurf.data.testsupport.FaultProxy;
import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.user.TestUsers;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserView;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ProjectService#createAll} on PostgreSQL streams its rows with {@code COPY}: these tests fail that statement
 * for real, through a TCP proxy between the pool and the server and through the server's own refusal, and count the
 * rows afterwards on a direct connection. A connection cut in the middle of the data is retried and the rows are
 * written exactly once; a refusal to write makes the database READ_ONLY and writes nothing; a duplicate name fails
 * the whole call as a conflict on {@code name}, not retried.
 */
class PostgresBulkCopyFaultTest {

    private static final int ROWS = 5_000;

    private TestPostgres.ThrowawayDatabase database;
    private FaultProxy proxy;
    private Database db;
    private ProjectService projects;
    private UserView owner;
    private final List<String> retries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startBehindAProxy() {
        database = TestPostgres.create();
        Flyway.configure().dataSource(database.url(), TestPostgres.USER, TestPostgres.PASSWORD).load().migrate();
        proxy = FaultProxy.start(TestPostgres.host(), TestPostgres.port());
        db = Database.start(DatabaseConfig.builder()
                .url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name() + "?sslmode=disable")
                .credentials(TestPostgres.USER, TestPostgres.PASSWORD)
                .poolSize(4)
                .connectionTimeout(Duration.ofSeconds(1))
                .schemaPolicy(SchemaPolicy.VALIDATE)
                .retry(new RetrySettings(5, Duration.ofMillis(20), Duration.ofMillis(200), 0.2))
                .readOnlyOnConnectionFailure(false)
                .listener(new DatabaseListener() {
                    @Override
                    public void onRetry(int attempt, String sqlState, Throwable cause) {
                        retries.add(sqlState);
                    }
                })
                .build());
        projects = new ProjectService(db);
        owner = TestUsers.cheap(db).create(new UserCreate("copier", "copier@example.com",
                "correct horse battery staple"));
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private List<ProjectCreate> batch(String marker) {
        List<ProjectCreate> batch = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            batch.add(ProjectCreate.of(owner.id(), i == ROWS * 3 / 5 ? marker : "copied-" + i)
                    .withDescription("row\t" + i + "\nof the copy"));
        }
        return batch;
    }

    @Test
    void shouldRetryACopyWhoseConnectionIsCutInTheMiddleOfTheDataAndWriteItOnce() throws Exception {
        String marker = "cut-the-copy-here";
        proxy.cutWhenClientSends(marker.getBytes(UTF_8), false);

        List<ProjectView> created = projects.createAll(batch(marker));

        assertThat(created).hasSize(ROWS);
        assertThat(retries).hasSize(1).allMatch(state -> state.startsWith("08"));
        assertThat(count("SELECT count(*) FROM projects")).isEqualTo(ROWS);
        assertThat(count("SELECT count(*) FROM projects WHERE name = '" + marker + "'")).isEqualTo(1);
        assertThat(projects.get(created.get(ROWS - 1).id())).isEqualTo(created.get(ROWS - 1));
    }

    /**
     * The server refuses the COPY itself with 25006, as a read-only server refuses writes (here by a statement
     * trigger, since a read-only session already refuses the owner's {@code FOR SHARE} lock before the COPY).
     */
    @Test
    void shouldEnterReadOnlyAndWriteNothingWhenTheServerRefusesTheCopy() throws Exception {
        execute("CREATE FUNCTION refuse_writes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION"
                + " 'writes are refused' USING ERRCODE = '25006'; END $$");
        execute("CREATE TRIGGER refuse_project_writes BEFORE INSERT ON projects FOR EACH STATEMENT"
                + " EXECUTE FUNCTION refuse_writes()");

        assertThatThrownBy(() -> projects.createAll(batch("refused")))
                .isInstanceOfSatisfying(ReadOnlyModeException.class,
                        e -> assertThat(e.sqlState()).isEqualTo("25006"));

        assertThat(db.readOnly().isReadOnly()).isTrue();
        assertThat(retries).isEmpty();
        assertThat(count("SELECT count(*) FROM projects")).isZero();
        // while READ_ONLY, the next bulk write is refused before it takes a connection
        assertThatThrownBy(() -> projects.createAll(batch("refused again")))
                .isInstanceOf(ReadOnlyModeException.class);

        execute("DROP TRIGGER refuse_project_writes ON projects");
        db.readOnly().exit();
        assertThat(projects.createAll(batch("accepted"))).hasSize(ROWS);
        assertThat(count("SELECT count(*) FROM projects")).isEqualTo(ROWS);
    }

    @Test
    void shouldReportADuplicateInsideTheCopyAsAConflictOnNameWithoutRetrying() throws Exception {
        List<ProjectCreate> batch = batch("twice");
        batch.set(ROWS - 1, ProjectCreate.of(owner.id(), "twice"));

        assertThatThrownBy(() -> projects.createAll(batch))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.constraint()).isEqualTo("uq_projects_owner_name");
                    assertThat(e.sqlState()).isEqualTo("23505");
                });

        assertThat(retries).isEmpty();
        assertThat(count("SELECT count(*) FROM projects")).isZero();
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
