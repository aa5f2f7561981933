package dev.windsurf.data.internal.migration;

import dev.windsurf.data.DataException;
import dev.windsurf.data.Engine;
import dev.windsurf.data.migration.MigrationException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises upgrades and downgrades of one SQLite file, across processes (an OS lock on
 * {@code <database>.migration-lock} beside it) and across threads of one process. Flyway takes no lock on SQLite:
 * without this, two processes both read an empty history and both run V1, and the loser fails. PostgreSQL needs
 * none (Flyway's advisory lock and the history-table lock). Not thread-safe: one holder closes it, once.
 */
final class MigrationLock implements AutoCloseable {

    /** How long a run waits for another one to finish before it gives up. */
    static final Duration WAIT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final MigrationLock NONE = new MigrationLock(null, null, null);

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private MigrationLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the database behind {@code dataSource}, waiting at most {@code wait}; a no-op for
     * PostgreSQL and for in-memory SQLite databases.
     *
     * @throws MigrationException with {@code LOCK_TIMEOUT} when another run held it for longer
     */
    static MigrationLock acquire(DataSource dataSource, Engine engine, String name, Listeners listeners,
                                 Duration wait) {
        if (engine != Engine.SQLITE) {
            return NONE;
        }
        Path database = databaseFile(dataSource);
        if (database == null) {
            return NONE;
        }
        Path lockFile = database.resolveSibling(database.getFileName() + ".migration-lock");
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        try {
            if (!local.tryLock()) {
                told = waiting(name, database, listeners, wait, false);
                if (!local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw timeout(database, wait);
                }
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                LOG.warn("[{}] Cannot create the migration lock file {} ({}): migrating without it; another process "
                        + "migrating at the same time may fail", name, lockFile, e.toString());
                return new MigrationLock(local, null, null);
            }
            try {
                while (true) {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return new MigrationLock(local, channel, lock);
                    }
                    if (System.nanoTime() >= deadline) {
                        throw timeout(database, wait);
                    }
                    told = waiting(name, database, listeners, wait, told);
                    Thread.sleep(50);
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                closeQuietly(channel);
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unlock(local);
            throw new DataException("Interrupted while waiting for another migration of " + database
                    + " to finish; nothing was run.", null, e);
        } catch (IOException e) {
            unlock(local);
            throw new DataException("Cannot lock " + lockFile + " for the migration: " + e.getMessage(), null, e);
        } catch (RuntimeException e) {
            unlock(local);
            throw e;
        }
    }

    private static boolean waiting(String name, Path database, Listeners listeners, Duration wait, boolean told) {
        if (!told) {
            LOG.info("[{}] Another upgrade or downgrade of {} is running: waiting for it (at most {} s)", name,
                    database, wait.toSeconds());
            listeners.lockWaiting(database.toString(), wait);
        }
        return true;
    }

    private static MigrationException timeout(Path database, Duration wait) {
        return new MigrationException(MigrationException.Reason.LOCK_TIMEOUT, "Another upgrade or downgrade of "
                + database + " has been running for more than " + wait.toSeconds() + " s; nothing was run. Run "
                + "`db current` to see where it is, and try again when it has finished.");
    }

    /** The file of the SQLite database's main schema, or null for an in-memory or temporary database. */
    private static Path databaseFile(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if ("main".equals(rs.getString("name"))) {
                    String file = rs.getString("file");
                    return file == null || file.isEmpty() ? null : Path.of(file).toAbsolutePath().normalize();
                }
            }
            return null;
        } catch (SQLException e) {
            throw new DataException("Cannot read which file the SQLite database is: " + e.getMessage(), null, e);
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.debug("Releasing the migration lock failed; closing the file releases it", e);
            }
        }
        closeQuietly(channel);
        unlock(local);
    }

    private static void unlock(ReentrantLock local) {
        if (local != null && local.isHeldByCurrentThread()) {
            local.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing the migration lock file failed", e);
            }
        }
    }
}
