package dev.windsurf.data.internal.pool;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Read-your-writes on a read replica: where the primary's WAL ends after a commit, and whether the replica has
 * replayed up to a position, waiting a bounded time for it. Thread-safe.
 */
public final class ReplicaReplay {

    private final DataSource primary;
    private final DataSource replica;

    /** @param pools pools with a read replica */
    public ReplicaReplay(ConnectionPools pools) {
        this.primary = pools.writer();
        this.replica = pools.replica();
    }

    /**
     * The primary's WAL insert position now, as PostgreSQL writes a {@code pg_lsn}: at or after the end of every
     * commit made before this call.
     *
     * @throws SQLException when the primary cannot say
     */
    public String primaryPosition() throws SQLException {
        try (Connection c = primary.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Whether the replica has replayed up to the position, asking again (every few milliseconds, on one connection)
     * until the time-out has passed.
     *
     * @return false also when the replica cannot be asked
     */
    public boolean awaitReplayed(long position, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 1_000_000L;
        try (Connection c = replica.getConnection(); Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn()::text")) {
                    String replayed = rs.next() ? rs.getString(1) : null;
                    if (replayed != null && Long.compareUnsigned(ReplicaMonitor.lsn(replayed), position) >= 0) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(pause, left));
                pause = Math.min(pause * 2, 20_000_000L);
            }
        } catch (SQLException e) {
            return false;
        }
    }
}
