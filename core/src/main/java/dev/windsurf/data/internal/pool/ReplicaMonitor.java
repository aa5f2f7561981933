package dev.windsurf.data.internal.pool;

import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.FailureKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the read replica at a fixed interval and tells {@link ConnectionPools#replicaChecked} whether reads may use
 * it: only while it is a standby ({@code pg_is_in_recovery()}), on the primary's timeline and no further behind than
 * the maximum lag. A promoted standby no longer follows the primary, so it is never used again until it is a standby
 * once more.
 *
 * <p>Lag: every check samples the primary's WAL position ({@code pg_current_wal_lsn()}); the replica's lag is the time
 * since the primary first showed a position that the replica has not replayed yet ({@code pg_last_wal_replay_lsn()}),
 * zero when it has replayed the latest sample. An idle primary therefore shows no lag, and a replica whose replay
 * stalls shows a lag that grows with the time since the primary moved on. The figure can fall short of the true lag
 * by up to one interval.
 *
 * <p>Timeline: the primary's from the name of its current WAL file, the replica's from its WAL receiver (or, while it
 * has none, from its last checkpoint). When the primary cannot be reached the replica is judged by
 * {@code pg_is_in_recovery()} alone, so that it goes on serving reads while the primary is down. When the replica
 * cannot be reached the verdict stays as it was, and a connection failure marks it lost as a failed read would
 * ({@link ConnectionPools#connectionFailed}).
 *
 * <p>Thread-safe: the checks run on one daemon thread of their own. {@link #close()} stops them and is idempotent.
 */
public final class ReplicaMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaMonitor.class);

    /** A primary sample: its WAL position at a time. */
    private record Sample(long lsn, long nanos) {
    }

    private static final int MAX_SAMPLES = 10_000;

    private final String name;
    private final ConnectionPools pools;
    private final DataSource primary;
    private final DataSource replica;
    private final Duration maxLag;
    private final ScheduledExecutorService scheduler;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private boolean timelineUnknownLogged;
    private volatile double lagSeconds = Double.NaN;

    /**
     * Starts checking at once, then every {@code interval}.
     *
     * @param name     the database's name, for log lines and the thread
     * @param pools    the pools to judge the read replica of (it must have one)
     * @param maxLag   the largest lag at which the replica is used
     * @param interval how often to check
     */
    public ReplicaMonitor(String name, ConnectionPools pools, Duration maxLag, Duration interval) {
        this.name = name;
        this.pools = pools;
        this.primary = pools.reader();
        this.replica = pools.replica();
        if (replica == null) {
            throw new IllegalArgumentException("database " + name + " has no read replica to check");
        }
        this.maxLag = maxLag;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name + "-replica-check").factory());
        scheduler.scheduleWithFixedDelay(this::checkQuietly, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("[{}] Read replica check failed: {}", name, e.toString());
        }
    }

    /** One check; package-private for tests that drive it. */
    synchronized void check() {
        long now = System.nanoTime();
        PrimaryState p = primaryState();
        ReplicaState r;
        try {
            r = replicaState();
        } catch (SQLException e) {
            FailureClassifier.Classification c = FailureClassifier.classify(e);
            if (c.kind() == FailureKind.CONNECTION) {
                pools.connectionFailed(replica, c.code()); // reads stop trying it until its pool reconnects
            }
            LOG.debug("[{}] Read replica unreachable for its check ({}): verdict unchanged", name, c.code());
            return;
        }
        if (!r.inRecovery()) {
            pools.replicaChecked(false, "it is not a standby (pg_is_in_recovery() is false: promoted?)");
            return;
        }
        if (p == null) {
            pools.replicaChecked(true, "a standby; the primary is unreachable, so neither timeline nor lag is known");
            return;
        }
        if (p.timeline() > 0 && r.timeline() > 0 && p.timeline() != r.timeline()) {
            pools.replicaChecked(false, "it is on timeline " + r.timeline() + ", the primary on timeline "
                    + p.timeline());
            return;
        }
        if ((p.timeline() <= 0 || r.timeline() <= 0) && !timelineUnknownLogged) {
            timelineUnknownLogged = true;
            LOG.info("[{}] The timelines of the primary and the read replica cannot be compared (insufficient "
                    + "privilege?): only the standby state and the lag are checked", name);
        }
        samples.addLast(new Sample(p.lsn(), now));
        Duration lag = lag(r.replayLsn(), now);
        lagSeconds = lag.toNanos() / 1e9;
        if (lag.compareTo(maxLag) > 0) {
            pools.replicaChecked(false, "it is " + lag.toMillis() + " ms behind the primary (at most "
                    + maxLag.toMillis() + " ms)");
            return;
        }
        pools.replicaChecked(true, "a standby on the primary's timeline, " + lag.toMillis() + " ms behind");
    }

    /**
     * The time since the primary first showed a WAL position that the replica has not replayed yet (the oldest
     * sample beyond its replay position), or zero when it has replayed every sample. Samples it has replayed are
     * dropped.
     */
    private Duration lag(long replayed, long now) {
        while (!samples.isEmpty() && Long.compareUnsigned(samples.peekFirst().lsn(), replayed) <= 0) {
            samples.pollFirst();
        }
        if (samples.isEmpty()) {
            return Duration.ZERO;
        }
        if (samples.size() > MAX_SAMPLES) {
            Sample oldest = samples.pollFirst();
            samples.pollFirst();
            samples.addFirst(oldest); // the oldest decides the lag: drop the one after it
        }
        return Duration.ofNanos(now - samples.peekFirst().nanos());
    }

    private record PrimaryState(long lsn, long timeline) {
    }

    private record ReplicaState(boolean inRecovery, long replayLsn, long timeline) {
    }

    private PrimaryState primaryState() {
        try (Connection c = primary.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text, "
                     + "pg_walfile_name(pg_current_wal_lsn())")) {
            rs.next();
            String walFile = rs.getString(2);
            return new PrimaryState(lsn(rs.getString(1)), Long.parseLong(walFile.substring(0, 8), 16));
        } catch (SQLException e) {
            // 55000: the "primary" is in recovery itself; anything else: unreachable. Either way, no reference.
            return null;
        }
    }

    private ReplicaState replicaState() throws SQLException {
        try (Connection c = replica.getConnection(); Statement st = c.createStatement()) {
            boolean recovery;
            long replay = 0;
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
                rs.next();
                recovery = rs.getBoolean(1);
                String lsn = rs.getString(2);
                replay = lsn == null ? 0 : lsn(lsn);
            }
            return new ReplicaState(recovery, replay, recovery ? timeline(st) : -1);
        }
    }

    private static long timeline(Statement st) {
        try (ResultSet rs = st.executeQuery("SELECT COALESCE((SELECT received_tli FROM pg_stat_wal_receiver), "
                + "(SELECT timeline_id FROM pg_control_checkpoint()))")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // e.g. 42501 without the privilege to read them
        }
    }

    /** A {@code pg_lsn} ({@code 16/B374D848}) as an unsigned 64-bit number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return Long.parseUnsignedLong(text.substring(0, slash), 16) << 32
                | Long.parseUnsignedLong(text.substring(slash + 1), 16);
    }

    /** The lag the last check measured, in seconds; NaN before one could (the primary or the replica away). */
    public double lagSeconds() {
        return lagSeconds;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
