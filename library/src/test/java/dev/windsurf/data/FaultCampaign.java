package dev.windsurf.data;

import static dev.windsurf.data.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.windsurf.data.testsupport.FaultProxy;
import dev.windsurf.data.testsupport.PgCluster;
import dev.windsurf.data.testsupport.SetTest;
import dev.windsurf.data.testsupport.TestSqlite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fault campaign behind the figures in the reliability notes, too long for every build, so its name keeps it out
 * of the default test run: run it with {@code -Dtest=FaultCampaign} and
 * {@code -Dcampaign=true} (optionally {@code -Dcampaign.cycles=5}). Per fault, writers add unique users while the
 * fault comes and goes; it prints the longest request, fault → first 503 (a read-only refusal or an unavailable
 * answer), heal → first accepted write (p50 and max over the cycles) and the set test's lost, duplicated and unknown
 * counts, and fails on anything lost, duplicated or refused-but-written, and on a request longer than the operation
 * time-out plus one second.
 *
 * <p>PostgreSQL faults use a throwaway cluster of the test's own ({@link PgCluster}) behind a {@link FaultProxy}: the
 * silent partition is the proxy's black hole (every flow, new ones included, stops without a reset), not a
 * network-namespace firewall.
 */
@EnabledIfSystemProperty(named = "campaign", matches = "true")
class FaultCampaign {

    // -Dcampaign.deadlineMs=… measures another operation deadline (default 2 s)
    private static final Duration DEADLINE = Duration.ofMillis(Long.getLong("campaign.deadlineMs", 2000));
    private static final Duration PROBE = Duration.ofSeconds(1);
    private static final int CYCLES = Integer.getInteger("campaign.cycles", 5);

    private static PgCluster cluster;
    private static int databases;

    @BeforeAll
    static void startCluster() {
        PgCluster.assumeAvailable();
        cluster = PgCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static DatabaseConfig.Builder settings() {
        return DatabaseConfig.builder().operationTimeout(DEADLINE).readOnlyProbeInterval(PROBE)
                .retry(new RetrySettings(5, Duration.ofMillis(20), Duration.ofMillis(200), 0.2));
    }

    private interface Campaign {
        void run(Database db, FaultProxy proxy, String database) throws Exception;
    }

    private static void onPostgres(String name, Campaign campaign) throws Exception {
        if (!cluster.isRunning()) {
            cluster.restart();
        }
        String database = "campaign_" + ++databases;
        cluster.createDatabase(database);
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", cluster.port());
             Database db = Database.start(settings().url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                     + database + "?sslmode=disable").credentials(PgCluster.USER, null)
                     .schemaPolicy(SchemaPolicy.MIGRATE).poolSize(6).build())) {
            campaign.run(db, proxy, database);
        } finally {
            // A failed cycle must leave the server neither frozen nor stopped for the next campaign.
            if (cluster.isRunning()) {
                cluster.thaw();
            } else {
                cluster.restart();
            }
        }
    }

    @Test
    void sigstopOfTheServer() throws Exception {
        onPostgres("sigstop", (db, proxy, database) -> measure("SIGSTOP of the server, 8 s", db, fault(
                cluster::freeze, cluster::thaw), Duration.ofSeconds(8)));
    }

    @Test
    void silentPartition() throws Exception {
        onPostgres("partition", (db, proxy, database) -> measure("silent partition (proxy black hole, all flows), 8 s",
                db, fault(() -> proxy.blackhole(true), () -> {
                    proxy.blackhole(false);
                    proxy.cutAll(); // after a long partition the peers have given up on the old flows
                }), Duration.ofSeconds(8)));
    }

    @Test
    void blackHoledPoolFlows() throws Exception {
        onPostgres("blackhole", (db, proxy, database) -> measure("pool's existing flows black-holed, 8 s", db,
                fault(proxy::blackholeOpenConnections, proxy::releaseHeld), Duration.ofSeconds(8)));
    }

    @Test
    void fortySecondStop() throws Exception {
        onPostgres("stop", (db, proxy, database) -> measure("server stopped for 40 s", db, fault(cluster::stop,
                cluster::restart), Duration.ofSeconds(40)));
    }

    @Test
    void readOnlyDatabase() throws Exception {
        onPostgres("readonly", (db, proxy, database) -> measure("read-only database (default_transaction_read_only)",
                db, fault(() -> setReadOnly(database, true), () -> setReadOnly(database, false)),
                Duration.ofSeconds(4)));
    }

    @Test
    void immutableSqliteFile() throws Exception {
        Path file = TestSqlite.newDatabaseFile("campaign-immutable");
        try (Database db = Database.start(settings().url("jdbc:sqlite:" + file).build())) {
            db.write(tx -> DatabaseContract.insertUser(tx, "first"));
            List<String> parts = List.of(file.toString(), file + "-wal");
            try {
                measure("immutable SQLite file (chattr +i on the file and its WAL)", db, fault(
                        () -> run("chattr", "+i", parts.get(0), parts.get(1)),
                        () -> run("chattr", "-i", parts.get(0), parts.get(1))), Duration.ofSeconds(3));
            } finally {
                run("chattr", "-i", parts.get(0), parts.get(1));
            }
        }
    }

    @Test
    void fullSqliteDisk() throws Exception {
        Path dir = Files.createTempDirectory(TestSqlite.tempDirectory(), "campaign-full");
        run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir.toString());
        try (Database db = Database.start(settings().url("jdbc:sqlite:" + dir.resolve("app.db")).build())) {
            Path filler = dir.resolve("filler");
            measure("full SQLite disk (8 MiB tmpfs filled up)", db, fault(() -> fill(filler),
                    () -> Files.deleteIfExists(filler)), Duration.ofSeconds(3));
        } finally {
            run("umount", "-l", dir.toString());
        }
    }

    private static SetTest.Fault fault(ThrowingRunnable inject, ThrowingRunnable heal) {
        return new SetTest.Fault() {
            @Override
            public void inject() throws Exception {
                inject.run();
            }

            @Override
            public void heal() throws Exception {
                heal.run();
            }
        };
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void measure(String fault, Database db, SetTest.Fault injected, Duration faulty) throws Exception {
        AtomicLong longest = new AtomicLong();
        AtomicLong overDeadline = new AtomicLong();
        SetTest test = new SetTest();
        test.run(element -> {
                    long start = System.nanoTime();
                    try {
                        db.write(tx -> DatabaseContract.insertUser(tx, element));
                    } finally {
                        long took = System.nanoTime() - start;
                        longest.accumulateAndGet(took, Math::max);
                        if (took > DEADLINE.plusSeconds(1).toNanos()) {
                            overDeadline.incrementAndGet();
                        }
                    }
                },
                new SetTest.Judge() {
                    @Override
                    public SetTest.Outcome outcomeOf(Exception e) {
                        return e instanceof TransactionOutcomeUnknownException || !(e instanceof DataException)
                                ? SetTest.Outcome.UNKNOWN : SetTest.Outcome.FAILED;
                    }

                    @Override
                    public boolean fastRefusal(Exception e) {
                        return e instanceof ReadOnlyModeException || e instanceof UnavailableException; // any 503
                    }
                },
                4, CYCLES, List.of(injected), () -> db.readOnly().isReadOnly(), Duration.ofSeconds(1), faulty);
        List<String> stored = new ArrayList<>(db.read(tx -> tx.select(USERS.USERNAME).from(USERS)
                .fetch(USERS.USERNAME)));
        stored.removeIf(name -> !name.startsWith("e-"));
        SetTest.Verdict v = test.verdict(stored);
        System.out.printf("CAMPAIGN %s: deadline %d ms, probe %d ms, %d cycles%n  longest write %.0f ms (%d over "
                        + "deadline + 1 s); fault -> first 503 p50 %.0f ms, max %.0f ms; heal -> first accepted write "
                        + "p50 %.0f ms, max %.0f ms%n  ok=%d failed=%d unknown=%d (present %d) lost=%d duplicated=%d "
                        + "failed-but-present=%d errors=%s%n",
                fault, DEADLINE.toMillis(), PROBE.toMillis(), v.cycles(), longest.get() / 1e6, overDeadline.get(),
                v.faultToRefusal()[0] / 1e6, v.faultToRefusal()[2] / 1e6, v.healToAccept()[0] / 1e6,
                v.healToAccept()[2] / 1e6, v.ok(), v.failed(), v.unknown(), v.unknownPresent(), v.lost().size(),
                v.duplicated().size(), v.failedButPresent(), v.errors());
        assertThat(v.lost()).isEmpty();
        assertThat(v.duplicated()).isEmpty();
        assertThat(v.unexpected()).isEmpty();
        assertThat(v.failedButPresent()).isZero();
        assertThat(overDeadline.get()).as("writes longer than the deadline + 1 s").isZero();
    }

    private static void setReadOnly(String database, boolean readOnly) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(cluster.jdbcUrl("postgres"), PgCluster.USER, "");
             var st = c.createStatement()) {
            st.execute("ALTER DATABASE " + database + " SET default_transaction_read_only = " + (readOnly ? "on"
                    : "off"));
            if (readOnly) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException full) {
            // no space left
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
