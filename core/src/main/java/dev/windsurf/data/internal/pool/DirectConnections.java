package dev.windsurf.data.internal.pool;

import dev.windsurf.data.DatabaseConfig;
import dev.windsurf.data.Engine;
import dev.windsurf.data.Pooler;
import dev.windsurf.data.internal.config.DatabaseUrls;
import dev.windsurf.data.internal.config.ParsedUrl;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Unpooled connections to a configured database, with the driver settings the pools use (time-outs, SQLite's WAL,
 * foreign keys and busy time-out), for work that needs a connection or two and no pool: the migration commands, and
 * the pools' own migration connections. Stateless.
 */
public final class DirectConnections {

    private DirectConnections() {
    }

    /**
     * A data source opening a new connection on every call; for an SQLite file, its directory and (when
     * {@code create}) the file itself are made first, with the permissions the pools give them.
     *
     * @throws IllegalArgumentException when the URL names an in-memory SQLite database (one per connection: it needs
     *                                  a pool that keeps it open)
     */
    public static DataSource of(DatabaseConfig config, boolean create) {
        ParsedUrl url = DatabaseUrls.parse(config.url());
        if (url.engine() == Engine.POSTGRESQL) {
            return postgres(config, url.jdbcUrl());
        }
        if (url.inMemory()) {
            throw new IllegalArgumentException("An in-memory SQLite database lives only as long as a pool holds it");
        }
        if (create) {
            SqliteFiles.prepare(url.sqliteFile());
        }
        return sqlite(url.jdbcUrl(), config, false, false);
    }

    /**
     * Refuses migration work through a connection pooler in transaction mode: Flyway holds a session-level advisory
     * lock, which such a pooler cannot keep.
     *
     * @throws IllegalStateException when {@code config} names a {@link Pooler#TRANSACTION} pooler
     */
    public static void requireDirect(DatabaseConfig config) {
        if (config.pooler() == Pooler.TRANSACTION) {
            throw new IllegalStateException("Database " + config.name() + " is reached through a pooler in "
                    + "transaction mode (" + config.maskedUrl() + "): migration commands need a direct URL to the "
                    + "server. Run them with DATABASE_URL (or --url) pointing past PgBouncer and DATABASE_POOLER "
                    + "unset");
        }
    }

    static PGSimpleDataSource postgres(DatabaseConfig config, String jdbcUrl) {
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(jdbcUrl);
        if (PrimaryGuard.servers(jdbcUrl).size() > 1 && !jdbcUrl.contains("targetServerType=")) {
            // Several hosts: migration work writes, so it goes to whichever of them is the primary now.
            direct.setTargetServerType("primary");
        }
        if (config.pooler() == Pooler.TRANSACTION) {
            direct.setPrepareThreshold(0);
        }
        if (config.username() != null) {
            direct.setUser(config.username());
        }
        if (config.password() != null) {
            direct.setPassword(config.password());
        }
        direct.setConnectTimeout(seconds(config.connectTimeout()));
        direct.setLoginTimeout(seconds(config.connectTimeout()));
        direct.setTcpKeepAlive(true);
        direct.setApplicationName(config.name() + "-migrations");
        direct.setLogServerErrorDetail(false);
        return direct;
    }

    static SQLiteDataSource sqlite(String jdbc, DatabaseConfig config, boolean memory, boolean immediate) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        if (!memory) {
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        }
        if (immediate) {
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource source = new SQLiteDataSource(sqlite);
        source.setUrl(jdbc);
        return source;
    }

    static int seconds(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }
}
