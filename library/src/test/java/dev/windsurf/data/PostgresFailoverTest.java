package dev.windsurf.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.windsurf.data.testsupport.Await;
import dev.windsurf.data.testsupport.PgCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover to a promoted standby with real servers (never the shared server): the database's URL lists a primary and
 * its streaming hot standby ({@code jdbc:postgresql://127.0.0.1:P1,127.0.0.1:P2/db}); the primary is killed, the
 * standby promoted with {@code pg_promote()}, and writes resume on it without a restart. A set test counts what was
 * acknowledged against what the new primary holds. A split brain (the old primary back as a primary) is refused until
 * an operator accepts a primary.
 *
 * <p>{@code -Dfailover.promotions=N} sets the number of promotions measured (default 2; the figures in
 * docs/operations.md are from 10).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PostgresFailoverTest {

    private static final String DATABASE = "replicated";
    private static final Duration PROBE = Duration.ofMillis(200);

    private final List<PgCluster> roots = new ArrayList<>();
    private Database db;

    @AfterEach
    void stopAll() {
        if (db != null) {
            db.close();
        }
        for (PgCluster root : roots) {
            root.close(); // and the standbys copied from it
        }
    }

    private PgCluster migratedPrimary() {
        PgCluster.assumeAvailable();
        PgCluster primary = PgCluster.start();
        roots.add(primary);
        primary.createDatabase(DATABASE);
        Database.start(DatabaseConfig.builder().url(primary.jdbcUrl(DATABASE)).credentials(PgCluster.USER, null)
                .schemaPolicy(SchemaPolicy.MIGRATE).build()).close();
        return primary;
    }

    private static String url(PgCluster... clusters) {
        StringBuilder hosts = new StringBuilder();
        for (PgCluster c : clusters) {
            hosts.append(hosts.isEmpty() ? "" : ",").append("127.0.0.1:").append(c.port());
        }
        return "jdbc:postgresql://" + hosts + "/" + DATABASE;
    }

    private Database start(String url, DatabaseListener listener) {
        return start(url, null, listener);
    }

    private Database start(String url, String readUrl, DatabaseListener listener) {
        db = Database.start(DatabaseConfig.builder().url(url).readUrl(readUrl).credentials(PgCluster.USER, null)
                .replicaCheckInterval(Duration.ofMillis(100))
                .schemaPolicy(SchemaPolicy.NONE).poolSize(3)
                .connectTimeout(Duration.ofSeconds(1)).connectionTimeout(Duration.ofMillis(500))
                .operationTimeout(Duration.ofSeconds(2)).readOnlyProbeInterval(PROBE)
                .retry(new RetrySettings(2, Duration.ofMillis(10), Duration.ofMillis(50), 0.2))
                .listener(listener).build());
        return db;
    }

    /** One write: a new user; returns its id and the port of the server that committed it. */
    private record Ack(String id, int port, long nanos) {
    }

    private static Ack write(Database db) {
        return db.write(tx -> {
            String id = DatabaseContract.insertUser(tx, "u" + UUID.randomUUID().toString().substring(0, 12));
            int port = tx.fetchValue(org.jooq.impl.DSL.field("inet_server_port()", Integer.class));
            return new Ack(id, port, 0);
        });
    }

    @Test
    void shouldResumeWritesOnThePromotedStandbyWithoutARestart() throws Exception {
        int promotions = Integer.getInteger("failover.promotions", 2);
        PgCluster primary = migratedPrimary();
        List<Long> resumeMillis = new ArrayList<>();
        long acknowledgedTotal = 0;
        long unreplicatedTotal = 0;
        long lostTotal = 0;
        for (int round = 1; round <= promotions; round++) {
            PgCluster standby = primary.startStandby();
            List<String> primaryChanges = new CopyOnWriteArrayList<>();
            Database database = start(url(primary, standby), new DatabaseListener() {
                @Override
                public void onPrimaryChanged(String from, String to) {
                    primaryChanges.add(from + " -> " + to);
                }
            });
            assertThat(write(database).port()).isEqualTo(primary.port());
            assertThat(database.health().primary()).startsWith("127.0.0.1:" + primary.port());

            // Given a writer that writes all the time, recording what was acknowledged and by whom
            List<Ack> acks = new CopyOnWriteArrayList<>();
            AtomicLong refused = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().name("failover-writer").start(() -> {
                while (!stop.get()) {
                    try {
                        Ack a = write(database);
                        acks.add(new Ack(a.id(), a.port(), System.nanoTime()));
                    } catch (DataException e) {
                        refused.incrementAndGet(); // read-only mode or unavailable: nothing, or unknown, written
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Await.until(Duration.ofSeconds(10), () -> acks.size() >= 50);

            // When the primary dies and the standby is promoted
            primary.kill();
            Set<String> received = ids(standby); // what the standby had replayed: the new primary's starting point
            long promoted;
            long promotedBack;
            try (Connection c = DriverManager.getConnection(standby.jdbcUrl(DATABASE), PgCluster.USER, "");
                 Statement st = c.createStatement()) {
                promoted = System.nanoTime(); // the writes may resume before pg_promote() has returned
                st.execute("SELECT pg_promote(true, 60)");
                promotedBack = System.nanoTime();
            }

            // Then writes resume on it, without a restart
            Await.until(Duration.ofSeconds(30), () -> acks.stream().anyMatch(a -> a.port() == standby.port()));
            Thread.sleep(300); // a few more writes on the new primary
            stop.set(true);
            writer.join(10_000);
            long firstAccepted = acks.stream().filter(a -> a.port() == standby.port()).mapToLong(Ack::nanos)
                    .min().orElseThrow();
            long millis = TimeUnit.NANOSECONDS.toMillis(firstAccepted - promoted);
            resumeMillis.add(millis);
            assertThat(primaryChanges).containsExactly("127.0.0.1:" + primary.port() + " -> 127.0.0.1:"
                    + standby.port());
            assertThat(database.health().writesUp()).isTrue();
            assertThat(database.health().refusedPrimaries()).isEmpty();

            // And nothing the new primary had received, or acknowledged itself, is lost
            Set<String> onNew = ids(standby);
            long lost = 0;
            long unreplicated = 0;
            for (Ack a : acks) {
                boolean there = onNew.contains(a.id());
                if (a.port() == standby.port() || received.contains(a.id())) {
                    lost += there ? 0 : 1;
                } else if (!there) {
                    unreplicated++; // acknowledged by the old primary, never streamed: asynchronous replication
                }
            }
            assertThat(received).as("every id the standby had received").isSubsetOf(onNew);
            System.out.printf("Failover round %d: first accepted write %d ms after pg_promote() was called (which "
                    + "took %d ms); "
                    + "%d acknowledged (%d by the new primary), %d refused or failed, lost %d, unreplicated %d%n",
                    round, millis, TimeUnit.NANOSECONDS.toMillis(promotedBack - promoted), acks.size(), acks.stream().filter(a -> a.port() == standby.port()).count(),
                    refused.get(), lost, unreplicated);
            acknowledgedTotal += acks.size();
            lostTotal += lost;
            unreplicatedTotal += unreplicated;
            db.close();
            db = null;
            primary = standby;
        }
        List<Long> sorted = resumeMillis.stream().sorted().toList();
        System.out.printf("Failover over %d promotions: pg_promote() called -> first accepted write p50 %d ms, max %d ms "
                + "(%s); %d acknowledged, %d lost, %d unreplicated%n", promotions, sorted.get((sorted.size() - 1) / 2),
                sorted.getLast(), resumeMillis, acknowledgedTotal, lostTotal, unreplicatedTotal);
        assertThat(lostTotal).as("acknowledged writes lost among those the new primary received").isZero();
        assertThat(sorted.getLast()).as("promotion to first accepted write, ms").isLessThan(10_000);
    }

    @Test
    void shouldNeverWriteToTheOldPrimaryBackAsAPrimaryWithoutAnOperatorsWord() throws Exception {
        PgCluster old = migratedPrimary();
        PgCluster promoted = old.startStandby();
        List<String> splits = new CopyOnWriteArrayList<>();
        Database database = start(url(old, promoted), new DatabaseListener() {
            @Override
            public void onSplitBrain(String refused, String accepted) {
                splits.add(refused + " refused, writes to " + accepted);
            }
        });
        assertThat(write(database).port()).isEqualTo(old.port());

        // Given a failover: the old primary dies, its standby is promoted and takes the writes
        old.kill();
        promoted.promote();
        Await.until(Duration.ofSeconds(30), () -> tryWrite(database) == promoted.port());

        // When the old primary comes back, as a primary on its old timeline (a split brain)
        old.restart();
        Set<String> onOld = ids(old);
        // The guard records the refusal before it tells the listeners: wait for both, or the event may not be there yet
        Await.until(Duration.ofSeconds(10), () -> database.health().splitBrain() && !splits.isEmpty());

        // Then it is refused loudly and never written to, while writes go on on the promoted one
        String oldServer = "127.0.0.1:" + old.port();
        String newServer = "127.0.0.1:" + promoted.port();
        Health health = database.health();
        assertThat(health.refusedPrimaries()).singleElement().asString().startsWith(oldServer);
        assertThat(health.primary()).startsWith(newServer);
        assertThat(splits).containsExactly(oldServer + " refused, writes to " + newServer);
        for (int i = 0; i < 20; i++) {
            assertThat(write(database).port()).isEqualTo(promoted.port());
        }
        assertThat(ids(old)).isEqualTo(onOld);

        // When the promoted one goes away too, so that only the refused primary answers
        promoted.stop();
        Await.until(Duration.ofSeconds(30), () -> {
            try {
                write(database);
                return false;
            } catch (SplitBrainException e) {
                return true;
            } catch (DataException e) {
                return false;
            }
        });

        // Then writes are refused with a SplitBrainException that says why, and nothing reaches the old primary
        assertThatThrownBy(() -> write(database)).isInstanceOf(SplitBrainException.class)
                .hasMessageContaining("split brain").hasMessageContaining(oldServer)
                .hasMessageContaining("acceptPrimary")
                .extracting(e -> ((SplitBrainException) e).sqlState()).isEqualTo(SplitBrainException.CODE);
        assertThat(database.health().mode().sqlState()).isEqualTo(SplitBrainException.CODE);
        assertThat(database.health().writesUp()).isFalse();
        Thread.sleep(PROBE.toMillis() * 3); // several probes: still refused
        assertThatThrownBy(() -> write(database)).isInstanceOf(SplitBrainException.class);
        assertThat(ids(old)).isEqualTo(onOld);
        assertThat(splits).hasSize(1);

        // When an operator accepts the old primary (after fencing the other), writes go to it
        assertThatThrownBy(() -> database.readOnly().acceptPrimary("127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(oldServer);
        database.readOnly().acceptPrimary(oldServer);
        Await.until(Duration.ofSeconds(10), () -> tryWrite(database) == old.port());
        assertThat(database.health().refusedPrimaries()).isEmpty();
        assertThat(database.health().primary()).startsWith(oldServer);
        assertThat(ids(old)).hasSizeGreaterThan(onOld.size());
    }

    @Test
    void shouldReadFromTheStandbyAmongTheHostsAndGoOnReadingAfterAFailover() throws Exception {
        // Given the same two hosts for writes and reads: writes find the primary, reads prefer the standby
        PgCluster old = migratedPrimary();
        PgCluster standby = old.startStandby();
        Database database = start(url(old, standby), url(standby, old), new DatabaseListener() { });
        String id = write(database).id();
        Await.until(Duration.ofSeconds(10), () -> database.health().readReplicaInUse());
        assertThat((boolean) database.read(PostgresReadReplicaTest::inRecovery)).isTrue();

        // When the primary dies and the standby is promoted
        old.kill();
        standby.promote();

        // Then writes and reads both continue on the promoted one, which no read takes for a standby
        Await.until(Duration.ofSeconds(30), () -> tryWrite(database) == standby.port());
        Await.until(Duration.ofSeconds(10), () -> !database.health().readReplicaInUse());
        assertThat((boolean) database.read(PostgresReadReplicaTest::inRecovery)).isFalse();
        assertThat((int) database.read(tx -> tx.fetchCount(dev.windsurf.data.schema.Tables.USERS,
                dev.windsurf.data.schema.Tables.USERS.ID.eq(id)))).isEqualTo(1);
        assertThat(database.health().readsUp()).isTrue();
        assertThat(database.health().writesUp()).isTrue();
    }

    @Test
    void shouldRefuseToChooseBetweenTwoPrimariesOnOneTimelineAtStart() {
        // Two clusters copied from one template: one system identifier, both primaries on timeline 1
        PgCluster a = migratedPrimary();
        PgCluster b = migratedPrimary();
        assertThatThrownBy(() -> start(url(a, b), new DatabaseListener() { }))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("split brain").hasMessageContaining("several primaries on timeline 1")
                .hasMessageContaining("127.0.0.1:" + a.port()).hasMessageContaining("127.0.0.1:" + b.port());
    }

    /** The port of the server that took a write, or -1 when it was refused. */
    private static int tryWrite(Database db) {
        try {
            return write(db).port();
        } catch (DataException e) {
            return -1;
        }
    }

    private static Set<String> ids(PgCluster cluster) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(DATABASE), PgCluster.USER, "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM users")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
