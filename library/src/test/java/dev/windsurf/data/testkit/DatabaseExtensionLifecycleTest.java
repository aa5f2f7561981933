package dev.windsurf.data.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.windsurf.data.Database;
import dev.windsurf.data.Engine;
import dev.windsurf.data.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * What the extension does around tests, observed by running small fixture classes with the JUnit Platform test kit:
 * which engines run, what is closed and dropped after a failing test, and what happens without PostgreSQL.
 */
class DatabaseExtensionLifecycleTest {

    /** Databases the fixtures were handed, in the order they ran. */
    static final List<Database> SEEN = new CopyOnWriteArrayList<>();
    private static final KitEnvironment NO_SERVER = KitEnvironment.of(Map.of(
            "TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/postgres"));
    private static final KitEnvironment NO_SERVER_REQUIRED = KitEnvironment.of(Map.of(
            "TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/postgres", "WINDSURF_REQUIRE_POSTGRES", "true"));

    @BeforeEach
    void forgetEarlierRuns() {
        SEEN.clear();
    }

    @Test
    void shouldRunAnOnBothEnginesTestFirstOnSqliteThenOnPostgresql() {
        TestPostgres.assumeAvailable();

        Events tests = run(TwoEngines.class);

        tests.assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(tests.started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly("sqlite", "postgresql");
        assertThat(SEEN).extracting(Database::engine).containsExactly(Engine.SQLITE, Engine.POSTGRESQL);
    }

    @Test
    void shouldCloseAndRemoveTheDatabasesOfFailingTestsOnBothEngines() throws Exception {
        TestPostgres.assumeAvailable();

        // When a test fails after writing to its database, on each engine
        Events tests = run(FailsAfterWriting.class);

        // Then both runs failed with the test's own failure, and each Database was closed and its database removed
        tests.assertStatistics(s -> s.started(2).failed(2));
        assertThat(SEEN).hasSize(2).allSatisfy(db ->
                assertThatThrownBy(db::dsl).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
        Database sqlite = SEEN.get(0);
        Database postgres = SEEN.get(1);
        try (Connection c = DriverManager.getConnection(sqlite.config().url());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM sqlite_master")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the in-memory database is empty when opened again: it was gone").isZero();
        }
        assertThat(postgresDatabaseExists(postgres.config().name())).isFalse();
    }

    @Test
    void shouldCloseTheDatabaseAfterTheAfterEachMethodsThatStillUseIt() {
        Events tests = run(UsesDatabaseInAfterEach.class);

        tests.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(SEEN).hasSize(1);
        assertThatThrownBy(SEEN.get(0)::dsl).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseADatabaseForABeforeAllMethodAndSaySo() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(DiscoverySelectors.selectClass(AsksInBeforeAll.class)).execute().containerEvents();

        tests.assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("can be a parameter of @Test, @OnBothEngines, @BeforeEach and @AfterEach")))));
    }

    @Test
    void shouldSkipTheTestLoudlyWhenPostgresqlIsUnreachable() {
        assertThatThrownBy(() -> DatabaseExtension.requirePostgres(NO_SERVER))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("PostgreSQL is not reachable at jdbc:postgresql://127.0.0.1:1/postgres")
                .hasMessageContaining("SKIPPED")
                .hasMessageContaining("WINDSURF_REQUIRE_POSTGRES=true");
    }

    @Test
    void shouldFailTheTestWhenPostgresqlIsRequiredButUnreachable() {
        assertThatThrownBy(() -> DatabaseExtension.requirePostgres(NO_SERVER_REQUIRED))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("PostgreSQL is not reachable")
                .hasMessageContaining("WINDSURF_REQUIRE_POSTGRES=true, so this test fails");
    }

    @Test
    void shouldSkipOnlyThePostgresqlRunOfAnOnBothEnginesTestWhenTheServerIsUnreachable() {
        Events tests = run(TwoEnginesWithoutServer.class);

        tests.assertStatistics(s -> s.started(2).succeeded(1).aborted(1));
        tests.assertThatEvents().haveExactly(1, event(test(), abortedWithReason(
                message(m -> m.contains("PostgreSQL is not reachable") && m.contains("SKIPPED")))));
        assertThat(SEEN).extracting(Database::engine).containsExactly(Engine.SQLITE);
    }

    @Test
    void shouldFailThePostgresqlRunWhenTheServerIsRequiredButUnreachable() {
        Events tests = run(DefaultEngineRequiredWithoutServer.class);

        tests.assertStatistics(s -> s.started(1).failed(1));
        tests.assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
                instanceOf(AssertionFailedError.class), message(m -> m.contains("WINDSURF_REQUIRE_POSTGRES=true")))));
        assertThat(SEEN).isEmpty();
    }

    private static Events run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(DiscoverySelectors.selectClass(fixture)).execute()
                .testEvents();
    }

    private static boolean postgresDatabaseExists(String name) throws Exception {
        try (Connection c = TestPostgres.admin();
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    // ---------------------------------------------------------------- fixtures, run only through the test kit

    static class TwoEngines {
        @OnBothEngines
        void record(Database db) {
            SEEN.add(db);
        }
    }

    static class FailsAfterWriting {
        @OnBothEngines
        void failAfterWriting(Database db) {
            SEEN.add(db);
            db.writeVoid(tx -> tx.execute("CREATE TABLE scratch (id TEXT)"));
            throw new AssertionError("the test failed");
        }
    }

    @DatabaseTest
    static class UsesDatabaseInAfterEach {
        @Test
        void write(Database db) {
            db.writeVoid(tx -> tx.execute("CREATE TABLE scratch (id TEXT)"));
        }

        @AfterEach
        void readInAfterEach(Database db) {
            assertThat(db.<Integer>read(tx -> tx.fetchCount(tx.selectFrom("scratch")))).isZero();
            SEEN.add(db);
        }
    }

    @DatabaseTest
    static class AsksInBeforeAll {
        @BeforeAll
        static void tooEarly(Database db) {
            SEEN.add(db);
        }

        @Test
        void nothing() {
        }
    }

    static class TwoEnginesWithoutServer {
        @RegisterExtension
        static final DatabaseExtension KIT = new DatabaseExtension(NO_SERVER);

        @OnBothEngines
        void record(Database db) {
            SEEN.add(db);
        }
    }

    static class DefaultEngineRequiredWithoutServer {
        @RegisterExtension
        static final DatabaseExtension KIT = new DatabaseExtension(NO_SERVER_REQUIRED);

        @Test
        void record(Database db) {
            SEEN.add(db);
        }
    }
}
