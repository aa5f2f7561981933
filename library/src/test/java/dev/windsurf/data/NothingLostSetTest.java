package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.PROJECTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.FaultProxy;
import dev.windsurf.data.testsupport.SetTest;
import dev.windsurf.data.testsupport.TestPostgres;
import dev.windsurf.data.testsupport.TestSqlite;
import java.time.Duration;
import dev.windsurf.data.project.ProjectCreate;
import dev.windsurf.data.project.ProjectService;
import dev.windsurf.data.user.UserCreate;
import dev.windsurf.data.user.UserService;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * "Nothing lost": writers add unique elements through the project service (as project names and descriptions) while
 * real faults come and go for 20 cycles. Acknowledged
 * elements must all be there, nothing unattempted may appear, and nothing may appear twice.
 */
class NothingLostSetTest {

    private static final int CYCLES = 20;
    private static final Duration PROBE = Duration.ofMillis(100);

    private static DatabaseConfig.Builder settings() {
        return DatabaseConfig.builder().readOnlyProbeInterval(PROBE).connectionTimeout(Duration.ofMillis(500))
                .retry(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2));
    }

    @Test
    void shouldLoseNothingOnPostgresqlWhileItTurnsReadOnlyAndItsConnectionsAreCut() throws Exception {
        try (TestPostgres.ThrowawayDatabase database = TestPostgres.create();
             FaultProxy proxy = FaultProxy.start(TestPostgres.host(), TestPostgres.port())) {
            Flyway.configure().dataSource(database.url(), TestPostgres.USER, TestPostgres.PASSWORD).load().migrate();
            try (Database db = Database.start(settings().url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                    + database.name() + "?sslmode=disable").credentials(TestPostgres.USER, TestPostgres.PASSWORD)
                    .poolSize(6).build())) {
                SetTest.Fault readOnlyDatabase = new SetTest.Fault() {
                    @Override
                    public void inject() throws Exception {
                        PostgresReadOnlyTest.setReadOnly(database.name(), true);
                    }

                    @Override
                    public void heal() throws Exception {
                        PostgresReadOnlyTest.setReadOnly(database.name(), false);
                    }
                };
                SetTest.Fault cutNetwork = new SetTest.Fault() {
                    @Override
                    public void inject() {
                        proxy.refuseNewConnections(true);
                        proxy.cutAll();
                    }

                    @Override
                    public void heal() {
                        proxy.refuseNewConnections(false);
                    }
                };
                run("postgresql", db, List.of(readOnlyDatabase, cutNetwork));
            }
        }
    }

    @Test
    void shouldLoseNothingOnSqliteWhileItsFileFillsUpAndGetsRoomAgain() throws Exception {
        try (Database db = Database.start(settings().url("jdbc:sqlite:" + TestSqlite.newDatabaseFile("set")).build())) {
            run("sqlite", db, List.of(new SetTest.Fault() {
                @Override
                public void inject() throws Exception {
                    SqliteReadOnlyTest.limitPages(db, true);
                }

                @Override
                public void heal() throws Exception {
                    SqliteReadOnlyTest.limitPages(db, false);
                }
            }));
        }
    }

    private static void run(String engine, Database db, List<SetTest.Fault> faults) throws Exception {
        String owner = new UserService(db).create(new UserCreate("owner", "owner@example.com", "a long enough secret"))
                .id();
        ProjectService projects = new ProjectService(db);
        SetTest test = new SetTest();
        // Through the service: a write applied twice would show as a duplicate description, or as a conflict on
        // the project's id (made once per call) for an element reported failed yet present.
        test.run(element -> projects.create(new ProjectCreate(owner, element, element, null)),
                new SetTest.Judge() {
                    @Override
                    public SetTest.Outcome outcomeOf(Exception e) {
                        return e instanceof TransactionOutcomeUnknownException || !(e instanceof DataException)
                                ? SetTest.Outcome.UNKNOWN : SetTest.Outcome.FAILED;
                    }

                    @Override
                    public boolean fastRefusal(Exception e) {
                        return e instanceof ReadOnlyModeException && e.getCause() == null;
                    }
                },
                4, CYCLES, faults, () -> db.readOnly().isReadOnly(), Duration.ofMillis(150), Duration.ofMillis(200));

        List<String> stored = db.read(tx -> tx.select(PROJECTS.DESCRIPTION).from(PROJECTS).fetch(PROJECTS.DESCRIPTION));
        SetTest.Verdict verdict = test.verdict(stored);
        System.out.println("Set test on " + engine + ": " + verdict);
        System.out.println("  read-only stats: " + db.readOnly().stats());

        assertThat(verdict.cycles()).isEqualTo(CYCLES);
        assertThat(verdict.lost()).as("acknowledged but missing").isEmpty();
        assertThat(verdict.unexpected()).as("present but never attempted").isEmpty();
        assertThat(verdict.duplicated()).as("applied twice").isEmpty();
        assertThat(verdict.failedButPresent()).as("reported failed but written").isZero();
        assertThat(verdict.ok()).isPositive();
        assertThat(verdict.refusalLatency()[3]).as("fast refusals").isPositive();
    }
}
