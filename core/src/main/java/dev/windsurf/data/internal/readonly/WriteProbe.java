package dev.windsurf.data.internal.readonly;

import dev.windsurf.data.Engine;
import dev.windsurf.data.internal.pool.ConnectionPools;
import dev.windsurf.data.internal.tx.FailureClassifier;
import dev.windsurf.data.internal.tx.FailureKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks whether the database takes writes again, without changing data: in a transaction that is always rolled back,
 * it inserts one row into Flyway's history table. The row is large enough on SQLite to need new pages, so that a full
 * database is noticed; on PostgreSQL any write notices a read-only transaction, a hot standby or a full disk.
 *
 * <p>On PostgreSQL the probe runs in a fresh session of its own, never a pooled one: a session keeps the
 * {@code default_transaction_read_only} it started with, so pooled sessions opened while the database refused writes
 * would keep failing after it allows them again. When the probe succeeds, the writer pool's sessions are replaced
 * (idle ones at once, busy ones when returned), so that the first write after the return to READ_WRITE does not meet
 * one of those stale sessions.
 *
 * <p>For an SQLite file, a rolled-back insert may never leave the page cache, so the probe first proves that the file
 * system takes writes: the database file and its WAL open for writing (not so when immutable or on a read-only mount)
 * and a scratch file of {@value #ROOM_BYTES} bytes is written, synced and deleted next to them (not so on a full
 * disk). Without that, a full disk would end the read-only mode at every probe while real writes still fail.
 * Thread-safe.
 */
public final class WriteProbe {

    private static final Logger LOG = LoggerFactory.getLogger(WriteProbe.class);
    private static final String INSERT = "INSERT INTO flyway_schema_history (installed_rank, version, description, "
            + "type, script, checksum, installed_by, installed_on, execution_time, success) "
            + "VALUES (-1, NULL, 'write probe', 'PROBE', ?, NULL, 'windsurf', CURRENT_TIMESTAMP, 0, TRUE)";

    /** The new space the probe proves on an SQLite file system: enough for a transaction of a few pages. */
    static final int ROOM_BYTES = 64 * 1024;

    private final String name;
    private final ConnectionPools pools;
    private final String payload;
    private final int replyWaitMillis;

    /**
     * @param replyWait the longest wait for each of the server's replies (PostgreSQL), so that a server that stops
     *                  answering cannot hang the probe
     */
    public WriteProbe(String name, ConnectionPools pools, Duration replyWait) {
        this.name = name;
        this.pools = pools;
        this.replyWaitMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, replyWait.toMillis()));
        // PostgreSQL's history table holds at most 1000 characters here; on SQLite 16 KiB spans several pages.
        this.payload = "x".repeat(pools.engine() == Engine.POSTGRESQL ? 1000 : 16 * 1024);
    }

    /**
     * Whether a write transaction can write now. With several hosts in the URL, first asks them which is the primary
     * to write to ({@link dev.windsurf.data.internal.pool.PrimaryGuard#survey()}): none means no.
     */
    public boolean writesWork() {
        boolean postgres = pools.engine() == Engine.POSTGRESQL;
        if (pools.guard() != null && !pools.guard().survey()) {
            LOG.debug("[{}] Write probe: no primary to write to among {}", name, pools.guard().serverList());
            return false;
        }
        if (pools.sqliteFile() != null && !filesTakeWrites(pools.sqliteFile())) {
            return false;
        }
        Connection connection;
        try {
            connection = pools.freshWriterSession();
        } catch (SQLException e) {
            LOG.debug("[{}] Write probe: no connection ({})", name, e.getSQLState());
            return false;
        }
        try {
            try {
                if (postgres) {
                    connection.setNetworkTimeout(Runnable::run, replyWaitMillis);
                }
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                if (!postgres) {
                    pools.evict(pools.writer(), connection);
                }
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, payload);
                insert.executeUpdate();
                if (postgres) {
                    pools.evictAll(pools.writer()); // sessions opened during the fault may carry its read-only default
                }
                return true;
            } catch (SQLException e) {
                FailureClassifier.Classification c = FailureClassifier.classify(e);
                if (c.kind() == FailureKind.PERMANENT) {
                    LOG.warn("[{}] Write probe cannot use flyway_schema_history ({}): {}", name, c.code(),
                            e.getMessage());
                }
                return false;
            } finally {
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    // SQLite may have rolled back by itself (see TransactionRunner): bring its driver back in step.
                    try {
                        connection.setAutoCommit(true);
                    } catch (SQLException ignored) {
                        // a broken connection: the server rolls back, the pool replaces it
                    }
                }
            }
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the pool replaces a connection it cannot reset
            }
        }
    }

    /** Why no primary may be written to (a split brain the library cannot settle), or null. */
    public String splitBrain() {
        return pools.guard() == null ? null : pools.guard().splitBrain();
    }

    /**
     * The operator accepts a primary (see {@link dev.windsurf.data.ReadOnlyControl#acceptPrimary}).
     *
     * @throws IllegalStateException    with a single host
     * @throws IllegalArgumentException when the URL does not list the server
     */
    public void acceptPrimary(String server) {
        if (pools.guard() == null) {
            throw new IllegalStateException("database " + name + " has a single host: there is no primary to "
                    + "choose");
        }
        pools.guard().accept(server);
    }

    /** Whether the SQLite files can be opened for writing and their file system has room for new data. */
    private boolean filesTakeWrites(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            for (Path part : List.of(absolute, Path.of(absolute + "-wal"))) {
                if (Files.exists(part)) {
                    try (FileChannel ignored = FileChannel.open(part, StandardOpenOption.WRITE)) {
                        // opening for writing is the check; nothing is written
                    }
                }
            }
            Path room = Files.createTempFile(absolute.getParent(), ".windsurf-probe-", ".tmp");
            try (FileChannel channel = FileChannel.open(room, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.allocate(ROOM_BYTES);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(false);
            } finally {
                Files.deleteIfExists(room);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("[{}] Write probe: the files of {} cannot be written now: {}", name, absolute, e.toString());
            return false;
        }
    }
}
